// As root the embedded server runs as the OS user `postgres`. A clone under /root (0700) or a
// `mktemp -d` folder is out of that user's reach: Casebook must then run a copy of the binaries and
// keep the cluster where `postgres` can reach it, say so, keep working across restarts, change the
// mode of none of the user's folders, and, when there is truly no way, say what to do, with no stack.
import { spawnSync } from "node:child_process";
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { build } from "esbuild";
import { afterAll, describe, expect, it } from "vitest";
import { freePort, startEmbeddedPostgres } from "../lib/platform/embedded-postgres";
import { queryOnce } from "./pg";
import { packagedBinaries } from "../lib/platform/pg-binaries";
import { StartupError } from "../lib/errors";

const isRoot = process.getuid?.() === 0;
// A 0700 parent, as `mktemp -d` makes and as /root is; inside it, a copy of the binaries as a clone's
// node_modules would hold them, and the clone's data folder.
const closed = mkdtempSync(path.join(os.tmpdir(), "casebook-closed-"));
const packaged = packagedBinaries();
const copy = { root: path.join(closed, "clone", "node_modules", "native"), build: `test-${path.basename(closed)}` };
cpSync(packaged.root, copy.root, { recursive: true, verbatimSymlinks: true });
const dataDir = path.join(closed, "clone", ".data");
// Stands in for /var/lib/casebook, so the test leaves nothing behind there.
const fallback = mkdtempSync(path.join(os.tmpdir(), "casebook-fallback-"));
chmodSync(fallback, 0o755);
afterAll(() => {
  rmSync(closed, { recursive: true, force: true });
  rmSync(fallback, { recursive: true, force: true });
});

const mode = (p: string) => statSync(p).mode & 0o777;


async function start(logs: string[], opts: { fallbackDir?: string } = {}) {
  return startEmbeddedPostgres({ dataDir, port: await freePort(), binaries: copy, fallbackDir: opts.fallbackDir ?? fallback, log: (m) => logs.push(m) });
}

describe("embedded PostgreSQL under a folder closed to other users", () => {
  it("starts, says where the server's files went, keeps its data across restarts, and changes no folder's mode", async () => {
    expect(mode(closed)).toBe(0o700);
    const cloneMode = mode(path.join(closed, "clone"));
    const logs: string[] = [];
    let server = await start(logs);
    await queryOnce(server.url, "CREATE TABLE kept (v text); INSERT INTO kept VALUES ('before restart')");
    await server.stop();

    if (isRoot) {
      // `postgres` could reach neither the binaries nor the data folder: both moved, each said in one line.
      const said = logs.filter((l) => /cannot reach/.test(l));
      expect(said).toHaveLength(1);
      expect(said[0]).toContain(`runs from a copy of its binaries in ${path.join(fallback, `postgresql-${copy.build}`)}`);
      expect(said[0]).toContain(`cannot reach ${dataDir}; its database cluster lives in ${fallback}/`);
      expect(server.cluster.startsWith(fallback + path.sep)).toBe(true);
      expect(readFileSync(path.join(dataDir, "pg-location"), "utf8").trim()).toBe(server.cluster);
      expect(readFileSync(path.join(path.dirname(server.cluster), "data-dir"), "utf8").trim()).toBe(dataDir);
      expect(existsSync(path.join(dataDir, "pg"))).toBe(false);
    } else {
      // As a normal user the server runs as us and reaches our own folders: nothing moves.
      expect(server.cluster).toBe(path.join(dataDir, "pg"));
      expect(existsSync(path.join(dataDir, "pg-location"))).toBe(false);
    }

    const again: string[] = [];
    server = await start(again);
    expect(await queryOnce(server.url, "SELECT v FROM kept")).toEqual([{ v: "before restart" }]);
    if (isRoot) expect(again.join("\n")).toContain(`lives in ${server.cluster}`);
    await server.stop();
    expect(mode(closed)).toBe(0o700);
    expect(mode(path.join(closed, "clone"))).toBe(cloneMode);
  });

  it("starts afresh when the data folder is deleted, clearing the cluster it left", async () => {
    rmSync(dataDir, { recursive: true, force: true });
    const logs: string[] = [];
    const server = await start(logs);
    try {
      expect(await queryOnce(server.url, "SELECT to_regclass('kept') AS t")).toEqual([{ t: null }]);
      if (isRoot) expect(logs.join("\n")).toMatch(/removing .*: it belonged to an earlier .* that has since been deleted/);
    } finally {
      await server.stop();
    }
  });

  // CI runs as root, so the normal user's path is run here as one: `nobody`, through setpriv. That
  // user cannot read this clone (it may sit under /root or a 0700 folder), so the start-up code is
  // bundled into a folder it owns, beside its own copy of the binaries.
  it.runIf(isRoot)("as a normal user (nobody), runs the server as that user in the clone's own data folder: nothing moves", { timeout: 120_000 }, async () => {
    const home = mkdtempSync(path.join(os.tmpdir(), "casebook-nobody-"));
    try {
      chmodSync(home, 0o755);
      const binaries = path.join(home, "clone", "node_modules", "native");
      cpSync(packaged.root, binaries, { recursive: true, verbatimSymlinks: true });
      const script = path.join(home, "start-pg.mjs");
      await build({
        entryPoints: [path.resolve("tests/non-root/start-pg.ts")],
        bundle: true,
        platform: "node",
        format: "esm",
        target: "node20",
        outfile: script,
        // pg's optional native binding is not installed; CommonJS parts of the bundle need `require`.
        external: ["pg-native"],
        banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
        logLevel: "silent",
      });
      const nobodyData = path.join(home, "clone", ".data");
      const nobodyFallback = path.join(home, "fallback");
      expect(spawnSync("chown", ["-R", "nobody:nogroup", home]).status).toBe(0);
      const r = spawnSync("setpriv", ["--reuid=nobody", "--regid=nogroup", "--clear-groups", process.execPath, script, nobodyData, binaries, `nobody-${path.basename(home)}`, nobodyFallback], {
        cwd: home,
        encoding: "utf8",
        env: { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: home } as unknown as NodeJS.ProcessEnv,
      });
      expect(r.status, r.stderr).toBe(0);
      const out = JSON.parse(r.stdout.trim().split("\n").at(-1)!) as { uid: number; first: { cluster: string; pgLocation: boolean }; rows: { v: string }[]; logs: string[] };
      expect(out.uid).toBe(65534);
      // The server runs as that user, from the binaries where they are, on a cluster in the data folder.
      expect(out.first).toEqual({ cluster: path.join(nobodyData, "pg"), pgLocation: false });
      expect(statSync(path.join(nobodyData, "pg", "PG_VERSION")).uid).toBe(65534);
      expect(out.rows).toEqual([{ v: "before restart" }]);
      expect(out.logs.join("\n")).not.toMatch(/cannot reach|copy of its binaries/);
      expect(existsSync(nobodyFallback)).toBe(false);
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });

  it.runIf(isRoot)("when nowhere will do, refuses with one paragraph that names the path, the reason and the fix", async () => {
    const blocked = path.join(closed, "another", ".data");
    mkdirSync(blocked, { recursive: true });
    const notAFolder = path.join(fallback, "a-file");
    writeFileSync(notAFolder, "");
    const err = await startEmbeddedPostgres({ dataDir: blocked, port: await freePort(), binaries: copy, fallbackDir: path.join(notAFolder, "casebook"), log: () => {} }).catch((e) => e);
    expect(err).toBeInstanceOf(StartupError);
    expect(err.message).toContain(`cannot reach ${copy.root}`);
    expect(err.message).toMatch(/CASEBOOK_DATA_DIR=/);
    expect(err.message).not.toContain("\n");

    // The same through the CLI a person runs: one paragraph on stderr, no stack trace, exit 1.
    const cli = spawnSync(process.execPath, ["--import", "tsx", "scripts/casebook.ts", "audit", "verify"], {
      encoding: "utf8",
      env: { ...process.env, DATABASE_URL: "", DATABASE_DIRECT_URL: "", CASEBOOK_DATA_DIR: blocked, CASEBOOK_PG_FALLBACK_DIR: path.join(notAFolder, "casebook") },
    });
    expect(cli.status).toBe(1);
    // Which part it names first depends on where this clone is: its binaries may be out of reach too.
    expect(cli.stderr).toMatch(new RegExp(`cannot reach (${blocked}|\\S+/native):`));
    expect(cli.stderr).toContain(`in ${path.join(notAFolder, "casebook")}`);
    expect(cli.stderr).toMatch(/ instead, and could not: .*ENOTDIR/);
    expect(cli.stderr).toMatch(/run Casebook as a normal user/);
    expect(cli.stderr).not.toMatch(/^\s+at /m);
    expect(mode(closed)).toBe(0o700);
  });
});
