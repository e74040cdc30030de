// Runs Debian's PgBouncer (1.18 on Debian 12: no prepared statements in transaction mode) in
// transaction pool mode in front of the suite's server, for `CASEBOOK_TEST_PG=pgbouncer`. Every
// database name is passed through (`*`), so tests that make databases of their own reach them too;
// the suite's superuser logs in from the auth file and any other role through auth_query, so a role
// a test creates logs in as it would at PostgreSQL itself. PgBouncer refuses to run as root: as
// root it runs as the OS user the embedded server runs as.
import { spawn } from "node:child_process";
import { chmodSync, chownSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { serverOsUser } from "../../lib/platform/pg-placement";

export const PGBOUNCER = process.env.CASEBOOK_TEST_PGBOUNCER || "/usr/sbin/pgbouncer";

export type TPooler = { url: string; adminUrl: string; stop: () => Promise<void> };

const quote = (s: string) => `"${s.replace(/"/g, '""')}"`;

/** PgBouncer on `port`, in transaction mode, in front of the server `serverUrl` names. */
export async function startPgBouncer(serverUrl: string, port: number): Promise<TPooler> {
  const server = new URL(serverUrl);
  const user = decodeURIComponent(server.username);
  const password = decodeURIComponent(server.password);
  const dir = mkdtempSync(path.join(os.tmpdir(), "casebook-pgbouncer-"));
  chmodSync(dir, 0o755);
  const osUser = serverOsUser();
  const file = (name: string, body: string, mode: number) => {
    const p = path.join(dir, name);
    writeFileSync(p, body, { mode });
    if (osUser) chownSync(p, osUser.uid, osUser.gid);
    return p;
  };
  const userlist = file("userlist.txt", `${quote(user)} ${quote(password)}\n`, 0o600);
  const ini = file(
    "pgbouncer.ini",
    [
      "[databases]",
      `* = host=${server.hostname} port=${server.port}`,
      "[pgbouncer]",
      "listen_addr = 127.0.0.1",
      `listen_port = ${port}`,
      "unix_socket_dir =",
      "pool_mode = transaction",
      "auth_type = scram-sha-256",
      `auth_file = ${userlist}`,
      `auth_user = ${user}`,
      `admin_users = ${user}`,
      // Generous: the suite's own Prisma pool, workers, importers and raw clients at once.
      "max_client_conn = 500",
      "default_pool_size = 20",
      "",
    ].join("\n"),
    0o644,
  );

  const child = spawn(PGBOUNCER, [ini], { ...(osUser ? { uid: osUser.uid, gid: osUser.gid } : {}), stdio: ["ignore", "pipe", "pipe"], detached: true });
  const lines: string[] = [];
  const take = (b: Buffer) => lines.push(...b.toString("utf8").split("\n").filter(Boolean));
  child.stdout!.on("data", take);
  child.stderr!.on("data", take);
  let exited: string | null = null;
  child.once("exit", (code, signal) => (exited = `exit ${code ?? signal}`));
  child.once("error", (e) => (exited = e.message));
  const onExit = () => child.exitCode === null && child.kill("SIGTERM");
  process.on("exit", onExit);

  const url = new URL(serverUrl);
  url.port = String(port);
  const adminUrl = new URL(url);
  adminUrl.pathname = "/pgbouncer";
  const stop = async () => {
    process.off("exit", onExit);
    if (child.exitCode === null && child.signalCode === null) {
      const gone = new Promise((r) => child.once("exit", r));
      child.kill("SIGTERM"); // immediate shutdown
      await gone;
    }
    rmSync(dir, { recursive: true, force: true });
  };

  const until = Date.now() + 30_000;
  for (;;) {
    if (exited) {
      await stop();
      throw new Error(`PgBouncer (${PGBOUNCER}) did not start (${exited}):\n${lines.slice(-12).join("\n")}`);
    }
    const c = new pg.Client({ connectionString: url.toString(), connectionTimeoutMillis: 2000 });
    c.on("error", () => {});
    try {
      await c.connect();
      await c.query("SELECT 1");
      await c.end();
      break;
    } catch (e) {
      await c.end().catch(() => {});
      if (Date.now() > until) {
        await stop();
        throw new Error(`PgBouncer did not answer on port ${port} within 30 s (${(e as Error).message}):\n${lines.slice(-12).join("\n")}`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return { url: url.toString(), adminUrl: adminUrl.toString(), stop };
}
