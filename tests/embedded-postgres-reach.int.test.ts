// As root the embedded server runs as the OS user `postgres`. A clone under /root (0700) or a
// `mktemp -d` folder is out of that user's reach: Casebook must then run a copy of the binaries and
// keep the cluster where `postgres` can reach it, say so, keep working across restarts, change the
// mode of none of the user's folders, and, when there is truly no way, say what to do, with no stack.
import { spawnSync } from "node:child_process";
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { freePort, startEmbeddedPostgres } from "../lib/db/embedded-postgres";
import { queryOnce } from "./pg";
import { packagedBinaries } from "../lib/db/pg-binaries";
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
      env: { ...process.env, DATABASE_URL: "", CASEBOOK_DATA_DIR: blocked, CASEBOOK_PG_FALLBACK_DIR: path.join(notAFolder, "casebook") },
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
