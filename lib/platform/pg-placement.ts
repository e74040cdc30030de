// Where the embedded server's binaries and database cluster live. Normally the binaries stay in
// node_modules and the cluster in <data folder>/pg. As root, PostgreSQL runs as the OS user
// `postgres` (it refuses to run as root), and that user must pass through every folder on the way
// to both: a clone under /root (mode 0700) or under a `mktemp -d` folder is out of its reach. Then
// what the server needs moves to a folder it can reach (/var/lib/casebook by default): one shared
// copy of the binaries a build, and one cluster a data folder. Nothing of the user's changes mode.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { chmodSync, cpSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { StartupError } from "../errors";
import { binPath, type TPgBinaries } from "./pg-binaries";

export type TOsUser = { name: string; uid: number; gid: number };

/** The file in a data folder that says where its cluster lives when that is not <data folder>/pg. */
const LOCATION_FILE = "pg-location";

export type TPlacement = {
  /** The binaries' folder (bin/, lib/, share/) the server runs from. */
  binaries: string;
  /** The cluster (PGDATA). */
  cluster: string;
  /** The cluster was left by a data folder since deleted: the caller clears it before use. */
  staleCluster: boolean;
  /** What moved and where, one log line each. */
  notes: string[];
};

/** As root, the OS user the server runs as, created when missing; otherwise null (it runs as us). */
export function serverOsUser(): TOsUser | null {
  if (process.getuid?.() !== 0) return null;
  const look = (): TOsUser | null => {
    const u = spawnSync("id", ["-u", "postgres"], { encoding: "utf8" });
    const g = spawnSync("id", ["-g", "postgres"], { encoding: "utf8" });
    return u.status === 0 && g.status === 0 ? { name: "postgres", uid: Number(u.stdout.trim()), gid: Number(g.stdout.trim()) } : null;
  };
  const found = look();
  if (found) return found;
  spawnSync("groupadd", ["--system", "postgres"], { stdio: "ignore" });
  const made = spawnSync("useradd", ["--system", "--gid", "postgres", "--no-create-home", "--home-dir", "/nonexistent", "--shell", "/usr/sbin/nologin", "postgres"], { encoding: "utf8" });
  const user = look();
  if (user) return user;
  throw new StartupError(
    'PostgreSQL refuses to run as root, so Casebook runs its embedded server as the OS user "postgres"; that user does not exist and could not be created ' +
      `(useradd: ${(made.stderr || made.error?.message || "failed").trim()}). Create it (useradd --system postgres), run Casebook as a normal user, or set DATABASE_URL to a PostgreSQL server of your own.`,
  );
}

/** Whether `user` can pass through `target` (a folder: search it; a file: execute it), as the kernel decides. */
export function canReach(user: TOsUser, target: string): boolean {
  return spawnSync("/bin/sh", ["-c", 'test -x "$1"', "sh", target], { uid: user.uid, gid: user.gid, stdio: "ignore" }).status === 0;
}

/** Where the cluster of a data folder is, whether or not it was moved. */
export function clusterDirOf(dataDir: string): string {
  const file = path.join(dataDir, LOCATION_FILE);
  return existsSync(file) ? readFileSync(file, "utf8").trim() : path.join(dataDir, "pg");
}

/** The per-data-folder home under the fallback folder: the same data folder always gets the same one. */
export function fallbackHome(fallbackDir: string, dataDir: string): string {
  return path.join(fallbackDir, createHash("sha256").update(path.resolve(dataDir)).digest("hex").slice(0, 12));
}

function outOfReach(what: string, target: string, tried: string, why: string): StartupError {
  return new StartupError(
    `Casebook cannot start its embedded PostgreSQL. PostgreSQL refuses to run as root, so the server runs as the OS user "postgres", ` +
      `and that user cannot reach ${target}: a folder on the way is closed to other users (a home folder such as /root is mode 0700, and so is a folder made by mktemp -d). ` +
      `Casebook tried to put the server's ${what} in ${tried} instead, and could not: ${why}. ` +
      `Fix it in one of these ways: set CASEBOOK_DATA_DIR to a folder "postgres" can reach (for example CASEBOOK_DATA_DIR=/srv/casebook npm start), ` +
      `or set CASEBOOK_PG_FALLBACK_DIR to a writable folder it can reach, or run Casebook as a normal user, or set DATABASE_URL to a PostgreSQL server of your own.`,
  );
}

/** Makes `dir` (and missing parents) readable and searchable by everyone, changing only folders it creates. */
function makeOwnDir(dir: string) {
  const first = mkdirSync(dir, { recursive: true });
  if (!first) return;
  for (let d = dir; ; d = path.dirname(d)) {
    chmodSync(d, 0o755);
    if (d === first || d === path.dirname(d)) break;
  }
}

/** Our own copy: every folder searchable, every file readable, executables executable, by all. */
function openUp(dir: string) {
  chmodSync(dir, 0o755);
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isSymbolicLink()) continue;
    if (entry.isDirectory()) openUp(p);
    else {
      const mode = lstatSync(p).mode & 0o777;
      chmodSync(p, mode | 0o444 | (mode & 0o100 ? 0o111 : 0));
    }
  }
}

/** One shared copy of a build's binaries under `dir`, made atomically (two starts at once both end well). */
function copyBinaries(packaged: TPgBinaries, dir: string): string {
  const dest = path.join(dir, `postgresql-${packaged.build}`);
  if (existsSync(binPath(dest, "postgres"))) return dest;
  makeOwnDir(dir);
  const tmp = `${dest}.partial-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  try {
    cpSync(packaged.root, tmp, { recursive: true, verbatimSymlinks: true });
    openUp(tmp);
    renameSync(tmp, dest);
  } catch (e) {
    rmSync(tmp, { recursive: true, force: true });
    if (!existsSync(binPath(dest, "postgres"))) throw e; // else another start finished the same copy first
  }
  return dest;
}

export function placeServer(opts: { dataDir: string; packaged: TPgBinaries; user: TOsUser | null; fallbackDir: string }): TPlacement {
  const { dataDir, packaged, user, fallbackDir } = opts;
  const notes: string[] = [];
  const dataReachable = !user || canReach(user, dataDir);

  let binaries = packaged.root;
  if (user && !canReach(user, binPath(packaged.root, "postgres"))) {
    // The shared fallback folder first; else inside the data folder, when the server can reach that.
    const candidates = [fallbackDir, ...(dataReachable ? [dataDir] : [])];
    const failures: string[] = [];
    for (const dir of candidates) {
      try {
        const copy = copyBinaries(packaged, dir);
        if (canReach(user, binPath(copy, "postgres"))) {
          binaries = copy;
          break;
        }
        failures.push(`${copy} is out of its reach too`);
      } catch (e) {
        failures.push(`${dir}: ${(e as Error).message}`);
      }
    }
    if (binaries === packaged.root) throw outOfReach("binaries", packaged.root, candidates.join(" and "), failures.join("; "));
    notes.push(`the OS user postgres cannot reach ${packaged.root}; the server runs from a copy of its binaries in ${binaries}`);
  }

  const locationFile = path.join(dataDir, LOCATION_FILE);
  if (existsSync(locationFile)) {
    const cluster = clusterDirOf(dataDir);
    if (cluster !== path.join(dataDir, "pg")) notes.push(`the database cluster of ${dataDir} lives in ${cluster} (the OS user postgres cannot reach ${dataDir})`);
    return { binaries, cluster, staleCluster: false, notes };
  }
  if (dataReachable) return { binaries, cluster: path.join(dataDir, "pg"), staleCluster: false, notes };

  if (existsSync(path.join(dataDir, "pg", "PG_VERSION"))) {
    throw new StartupError(
      `Casebook cannot start its embedded PostgreSQL: the database cluster in ${path.join(dataDir, "pg")} is out of reach of the OS user "postgres", which runs the server ` +
        `(a folder on the way to it is closed to other users, e.g. mode 0700). Casebook does not change the permissions of your folders and will not start a new, empty database in its place. ` +
        `Move the clone (or CASEBOOK_DATA_DIR) to a folder "postgres" can reach, open the folders on the way to it yourself (chmod o+x), or run Casebook as a normal user.`,
    );
  }
  const home = fallbackHome(fallbackDir, dataDir);
  const cluster = path.join(home, "pg");
  let staleCluster = false;
  try {
    makeOwnDir(home);
    // This data folder has no location file, so whatever is in `home` was left by a data folder of
    // the same path that has since been deleted (rm -rf .data): it is not ours to keep.
    staleCluster = existsSync(cluster);
    writeFileSync(path.join(home, "data-dir"), `${dataDir}\n`);
    if (!canReach(user!, home)) throw new Error(`${home} is out of its reach too`);
    writeFileSync(locationFile, `${cluster}\n`);
  } catch (e) {
    throw outOfReach("database cluster", dataDir, home, (e as Error).message);
  }
  notes.push(`the OS user postgres cannot reach ${dataDir}; its database cluster lives in ${cluster} (recorded in ${locationFile})`);
  return { binaries, cluster, staleCluster, notes };
}
