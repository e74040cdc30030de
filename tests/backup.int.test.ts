// Backup and restore through the CLI, against the suite's real server: a case with imported evidence,
// findings, exhibits and a built, downloaded export is backed up, then restored into a NEW database
// on the same server and a new data folder (the "wipe": the shared test database stays, other test
// files use it). The restored copy must have the same rows, an audit chain that verifies against the
// restored signed checkpoints, the same evidence bytes, and the old package must still verify with
// the restored key. A backup with one evidence byte changed is refused, naming the file.
import { spawnSync } from "node:child_process";
import { createHash, randomUUID } from "node:crypto";
import { chmodSync, createReadStream, createWriteStream, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import { createGunzip, createGzip } from "node:zlib";
import pg from "pg";
import tar from "tar-stream";
import { afterAll, describe, expect, inject, it } from "vitest";
import { writeCheckpoint } from "../lib/audit/checkpoints";
import { verifyAuditLog } from "../lib/audit/verify";
import { casebookTables } from "../lib/backup/catalog";
import { verifyPackage } from "../lib/package/verify";
import { localBlobPath } from "../lib/storage/blob-store";
import { queryOnce } from "./pg";
import { caseWithBuiltExport } from "./helpers/built-export";

const url = inject("databaseUrl");
// Behind PgBouncer (CASEBOOK_TEST_PG=pgbouncer) every Casebook the test runs gets both URLs of its
// database, as an installation behind a pooler would: DATABASE_URL the pooler, DATABASE_DIRECT_URL
// the server, where backup and restore do their session work. Elsewhere there is one URL.
const serverUrl = inject("databaseDirectUrl") || url;
const directFor = (databaseUrl: string) => {
  if (!inject("databaseDirectUrl")) return "";
  const direct = new URL(databaseUrl);
  direct.host = new URL(serverUrl).host;
  return direct.toString();
};
const made: string[] = [];
const roles: string[] = [];
const dirs: string[] = [];

/** The CLI in a child process, with its own environment (lib/env.ts caches the parent's). */
function cli(args: string[], env: Record<string, string>) {
  const r = spawnSync(process.execPath, ["--import", "tsx", "scripts/casebook.ts", ...args], { env: { ...process.env, ...env }, encoding: "utf8", timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A new database on the suite's server; with `owner`, owned by a new role that is not a superuser. */
async function freshDatabase(owner = false): Promise<string> {
  const name = `restore_${randomUUID().replace(/-/g, "").slice(0, 12)}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  const target = new URL(url);
  target.pathname = `/${name}`;
  if (owner) {
    const password = randomUUID();
    await admin.query(`CREATE ROLE ${name} LOGIN NOSUPERUSER PASSWORD '${password}'`);
    roles.push(name);
    target.username = name;
    target.password = password;
  }
  await admin.query(`CREATE DATABASE ${name}${owner ? ` OWNER ${name}` : ""}`);
  await admin.end();
  made.push(name);
  return target.toString();
}

function freshDataDir(): string {
  const d = mkdtempSync(path.join(tmpdir(), "casebook-restore-"));
  chmodSync(d, 0o755);
  dirs.push(d);
  return d;
}

/** The env of a Casebook whose data folder is `dir`: blobs, key and checkpoints all under it. */
const envFor = (databaseUrl: string, dir: string) => ({ DATABASE_URL: databaseUrl, DATABASE_DIRECT_URL: directFor(databaseUrl), CASEBOOK_DATA_DIR: dir, CASEBOOK_CHECKPOINT_FILE: path.join(dir, "audit-checkpoints.jsonl"), CASEBOOK_SIGNING_KEY_DIR: "" });

async function rowCounts(databaseUrl: string): Promise<Record<string, number>> {
  const c = new pg.Client({ connectionString: databaseUrl });
  await c.connect();
  try {
    const out: Record<string, number> = {};
    for (const t of (await casebookTables(c)).tables) out[t.name] = Number((await c.query(`SELECT count(*) AS n FROM "${t.name}"`)).rows[0].n);
    return out;
  } finally {
    await c.end();
  }
}

const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

afterAll(async () => {
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  for (const name of made) await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  for (const name of roles) await admin.query(`DROP ROLE IF EXISTS ${name}`);
  await admin.end();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe("backup and restore", () => {
  let backupFile = "";
  let original: Record<string, number> = {};

  const withRestoreEvent = (counts: Record<string, number>) => ({ ...counts, audit_event: counts.audit_event + 1 });

  it("restores the database, evidence, key and checkpoints so that everything still verifies", async () => {
    const { c, x, zip } = await caseWithBuiltExport();
    expect(await writeCheckpoint("backup test")).not.toBeNull();
    const before = await verifyAuditLog();
    expect(before.ok, JSON.stringify(before.problems)).toBe(true);

    backupFile = path.join(freshDataDir(), "casebook.backup");
    const sourceEnv = { DATABASE_URL: url, DATABASE_DIRECT_URL: directFor(url), CASEBOOK_DATA_DIR: inject("dataDir"), CASEBOOK_CHECKPOINT_FILE: process.env.CASEBOOK_CHECKPOINT_FILE! };
    const backup = cli(["backup", backupFile], sourceEnv);
    expect(backup.code, backup.stderr).toBe(0);
    expect(statSync(backupFile).mode & 0o777).toBe(0o600); // it holds the signing key
    original = await rowCounts(url);
    expect(original.exchange).toBeGreaterThan(0);

    const target = await freshDatabase();
    const dir = freshDataDir();
    const restore = cli(["restore", backupFile], envFor(target, dir));
    expect(restore.code, restore.stderr).toBe(0);
    expect(restore.stdout).toMatch(/^restored \d+ tables/);

    // Every table, row for row in number (the audit log one more: the restore's own event); every
    // index rebuilt as the migrations made it.
    expect(await rowCounts(target)).toEqual(withRestoreEvent(original));
    const [last] = await queryOnce<{ action: string; actorLabel: string; data: Record<string, unknown> }>(target, `SELECT action, "actorLabel", data FROM audit_event ORDER BY seq DESC LIMIT 1`);
    expect(last).toMatchObject({ action: "backup.restore", actorLabel: expect.stringMatching(/^cli \(\S+@\S+\)$/), data: { file: "casebook.backup", rows: expect.any(Number), force: false } });
    const indexes = `SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' ORDER BY indexname`;
    expect(await queryOnce(target, indexes)).toEqual(await queryOnce(url, indexes));

    // The chain verifies against the restored checkpoints and the restored key.
    const verify = cli(["audit", "verify"], envFor(target, dir));
    expect(verify.code, verify.stderr).toBe(0);
    const v = JSON.parse(verify.stdout) as { ok: boolean; events: number; checkpoints: number; lastCheckpoint: { seq: number } };
    expect(v).toMatchObject({ ok: true, events: before.events + 1, checkpoints: before.checkpoints });
    expect(v.lastCheckpoint.seq).toBe(before.lastCheckpoint!.seq);
    expect(statSync(path.join(dir, "signing", "signing-key.pkcs8.pem")).mode & 0o777).toBe(0o600);
    expect(statSync(path.join(dir, "signing")).mode & 0o777).toBe(0o700);

    // Every evidence item's stored file has the SHA-256 it was recorded with, in the restored store.
    const restored = new pg.Client({ connectionString: target });
    await restored.connect();
    try {
      const items = (await restored.query<{ sha256: string; storageKey: string }>(`SELECT sha256, "storageKey" FROM evidence_item`)).rows;
      expect(items.length).toBeGreaterThan(0);
      for (const e of items) expect(sha256(readFileSync(localBlobPath(path.join(dir, "blobs"), e.storageKey))), e.storageKey).toBe(e.sha256);
      // The package downloaded before the backup: byte-identical in the restored store, and it verifies with the restored key.
      const [pkg] = (await restored.query<{ storageKey: string; sha256: string }>(`SELECT "storageKey", sha256 FROM export_package WHERE id = $1`, [x.id])).rows;
      expect(pkg.sha256).toBe(sha256(zip));
      expect(Buffer.from(readFileSync(localBlobPath(path.join(dir, "blobs"), pkg.storageKey))).equals(Buffer.from(zip))).toBe(true);
      const [ref] = (await restored.query<{ ref: string }>(`SELECT ref FROM "case" WHERE id = $1`, [c.id])).rows;
      expect(ref.ref).toBe(c.ref);
    } finally {
      await restored.end();
    }
    const report = await verifyPackage(zip, { trustedPublicKeyPem: readFileSync(path.join(dir, "signing", "signing-key.pem"), "utf8") });
    expect(report.ok, JSON.stringify(report.problems)).toBe(true);

    // A second restore into the now non-empty database is refused.
    const again = cli(["restore", backupFile], envFor(target, dir));
    expect(again.code).toBe(1);
    expect(again.stderr).toContain("already holds Casebook data");
  });

  it("restores as an ordinary role (an external DATABASE_URL): tables in foreign-key order, checks on", async () => {
    expect(backupFile).not.toBe("");
    const target = await freshDatabase(true);
    expect((await queryOnce<{ rolsuper: boolean }>(target, "SELECT rolsuper FROM pg_roles WHERE rolname = current_user"))[0].rolsuper).toBe(false);
    const dir = freshDataDir();
    const restore = cli(["restore", backupFile], envFor(target, dir));
    expect(restore.code, restore.stderr).toBe(0);
    expect(await rowCounts(target)).toEqual(withRestoreEvent(original));
    const verify = cli(["audit", "verify"], envFor(target, dir));
    expect(verify.code, verify.stderr).toBe(0);
  });

  it("refuses a backup with one evidence byte changed, names the file, and leaves the database empty", async () => {
    expect(backupFile).not.toBe("");
    // Rewrite the archive with one byte of the first evidence file flipped.
    const damaged = path.join(freshDataDir(), "damaged.backup");
    const extract = tar.extract();
    const pack = tar.pack();
    const out = pipeline(pack, createGzip(), createWriteStream(damaged));
    const read = pipeline(createReadStream(backupFile), createGunzip(), extract);
    let victim = "";
    for await (const entry of extract) {
      const parts: Buffer[] = [];
      for await (const chunk of entry as AsyncIterable<Buffer>) parts.push(chunk);
      const body = Buffer.concat(parts);
      if (!victim && entry.header.name.startsWith("blobs/") && body.length > 100) {
        victim = entry.header.name;
        body[100] ^= 0x01;
      }
      await new Promise<void>((resolve, reject) => pack.entry({ ...entry.header, size: body.length }, body, (e) => (e ? reject(e) : resolve())));
    }
    await read;
    pack.finalize();
    await out;
    expect(victim).not.toBe("");

    const target = await freshDatabase();
    const dir = freshDataDir();
    const restore = cli(["restore", damaged], envFor(target, dir));
    expect(restore.code).toBe(1);
    expect(restore.stderr).toContain(victim);
    expect(restore.stderr).toContain("damaged");
    const counts = await rowCounts(target);
    expect(counts.audit_event).toBe(0);
    expect(counts.exchange).toBe(0);
  });
});
