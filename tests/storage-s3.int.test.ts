// Evidence and packages in an S3-compatible object store, end to end against a real S3 API server
// (s3rver, in this process) and the suite's PostgreSQL server: uploads land in the bucket under their
// SHA-256, imports read them from it, a package is built into it and downloaded through the route
// byte for byte; a backup lists the bucket's files instead of copying them and a restore checks
// they are there (a folder's backup restored onto the bucket moves its files in); and an object
// altered in the bucket is caught on the way out: the download is cut short, the import is rejected
// with the named message, and each case using the file gets a storage.integrity_failed event.
// The file has a database of its own on the suite's server: its backups then hold its rows alone,
// not the rows of other files whose evidence is in the folder or in buckets long gone.
import { spawnSync } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as downloadEvidence } from "../app/api/v1/evidence/[evidenceId]/download/route";
import type { TBackupPaths } from "../lib/backup/paths";
import { restoreBackup } from "../lib/backup/restore";
import { writeBackup } from "../lib/backup/write";
import { db, disconnectDb } from "../lib/db";
import { dataDir, parseEnv } from "../lib/env";
import { migrate } from "../lib/platform/migrate";
import { verifyPackage } from "../lib/package/verify";
import { LocalBlobStore, localBlobPath } from "../lib/storage/blob-store";
import { s3Client, s3Config, type TS3Config } from "../lib/storage/s3";
import { S3BlobStore } from "../lib/storage/s3-blob-store";
import { blobStore, setBlobStore } from "../lib/storage/store";
import { caseWithBuiltExport, downloadPackage, SAMPLE_FILES } from "./helpers/built-export";
import { envChanges } from "./helpers/env";
import { dropFreshDatabases, emptyDatabase } from "./helpers/fresh-database";
import { startS3Server, type TS3Server } from "./helpers/s3-server";
import { caseWithToken, drain, importOk, importStatus, upload } from "./import-client";
import { queryOnce } from "./pg";

const MiB = 1024 * 1024;
const BUCKET = "casebook-evidence";
const LOCATION = `s3://${BUCKET}/casebook/`;
const ACCOUNTS = readFileSync(path.join(SAMPLE_FILES, "accounts.sample.csv"));
const EXCHANGES = readFileSync(path.join(SAMPLE_FILES, "exchanges.sample.jsonl"));
const sha256 = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");

let server: TS3Server;
let config: TS3Config;
let store: S3BlobStore;
let s3: S3Client;
let database = "";
const suiteEnv = envChanges();
const dirs: string[] = [];

beforeAll(async () => {
  database = await emptyDatabase("storage_s3");
  await migrate(database);
  // This database's checkpoints go to a file of their own: signed into the suite's file, its heads
  // would read as forgeries of the suite's log to the audit tests that run after this file.
  suiteEnv.set({ DATABASE_URL: database, DATABASE_DIRECT_URL: undefined, CASEBOOK_CHECKPOINT_FILE: path.join(tempDir(), "audit-checkpoints.jsonl") });
  server = await startS3Server(BUCKET);
  config = s3Config(parseEnv({ ...server.env, CASEBOOK_S3_PREFIX: "casebook/" }))!;
  store = new S3BlobStore(config);
  s3 = await s3Client(config);
  setBlobStore(store);
});

afterAll(async () => {
  setBlobStore(null);
  await disconnectDb();
  suiteEnv.restore();
  await dropFreshDatabases();
  await server?.stop();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** Where a restore puts the files outside the database, in a new folder; `objectStore` as given. */
function places(objectStore?: S3BlobStore): TBackupPaths {
  const d = tempDir();
  return { blobDir: path.join(d, "blobs"), signingKeyDir: path.join(d, "signing"), checkpointFile: path.join(d, "audit-checkpoints.jsonl"), objectStore };
}

function tempDir(): string {
  const d = mkdtempSync(path.join(tmpdir(), "casebook-s3-test-"));
  dirs.push(d);
  return d;
}

async function objectBytes(key: string): Promise<Buffer> {
  const got = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: store.objectKey(key) }));
  return Buffer.from(await got.Body!.transformToByteArray());
}

/** Replaces a stored file's object through the S3 API, as someone with write access to the bucket could. */
async function overwrite(key: string, body: Uint8Array) {
  await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: store.objectKey(key), Body: body }));
}

async function keysUnder(prefix: string): Promise<string[]> {
  const listed = await s3.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: prefix }));
  return (listed.Contents ?? []).map((o) => o.Key!);
}

/** What a client gets of a streamed response: the bytes that came, and the error that cut it short. */
async function receive(res: Response): Promise<{ bytes: Buffer; error: unknown }> {
  const parts: Buffer[] = [];
  const reader = res.body!.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return { bytes: Buffer.concat(parts), error: null };
      parts.push(Buffer.from(value));
    }
  } catch (error) {
    return { bytes: Buffer.concat(parts), error };
  }
}

const evidenceDownload = (evidenceId: string, token: string) =>
  downloadEvidence(new Request(`http://x/api/v1/evidence/${evidenceId}/download`, { headers: { authorization: `Bearer ${token}` } }), { params: Promise.resolve({ evidenceId }) });

const integrityEvents = (where: { caseId?: string; why: string }) =>
  db().auditEvent.findMany({ where: { action: "storage.integrity_failed", ...(where.caseId ? { caseId: where.caseId } : {}), data: { path: ["why"], equals: where.why } }, orderBy: { seq: "asc" } });

/** Set by the package test, for the backup and the tampering below. */
let built: Awaited<ReturnType<typeof caseWithBuiltExport>>;

describe("evidence in an S3-compatible object store", () => {
  it("stores uploads in the bucket under their SHA-256, and imports them from there", async () => {
    await store.probe();
    const { c, token } = await caseWithToken();
    const res = await upload(c.id, token, "accounts", ACCOUNTS, "accounts.csv");
    expect(res.status).toBe(202);
    const job = (await res.json()) as { id: string; sha256: string };
    expect(job.sha256).toBe(sha256(ACCOUNTS));
    expect((await objectBytes(job.sha256)).equals(ACCOUNTS)).toBe(true);
    expect(await keysUnder("casebook/tmp/")).toEqual([]); // the temporary upload, copied and deleted
    await drain();
    expect(await importStatus(job.id)).toMatchObject({ status: "succeeded", rowsDone: 8, errorCount: 0 });
    expect(await db().account.count({ where: { caseId: c.id } })).toBe(8);

    const exchanges = await upload(c.id, token, "exchanges", EXCHANGES, "exchanges.jsonl");
    expect(exchanges.status).toBe(202);
    await drain();
    expect(await importStatus(((await exchanges.json()) as { id: string }).id)).toMatchObject({ status: "succeeded", errorCount: 0 });
    expect(await db().exchange.count({ where: { caseId: c.id } })).toBeGreaterThan(0);
  });

  it("takes a large file up in parts and reads it back identical; refuses one past the limit and keeps nothing", async () => {
    const big = randomBytes(20 * MiB + 123);
    const pieces = Array.from({ length: Math.ceil(big.length / MiB) }, (_, i) => big.subarray(i * MiB, (i + 1) * MiB));
    const stored = await blobStore().put(Readable.from(pieces), 64 * MiB);
    expect(stored).toEqual({ key: sha256(big), sha256: sha256(big), size: big.length });
    expect(await store.size(stored.key)).toBe(big.length);
    const back: Buffer[] = [];
    for await (const chunk of blobStore().read(stored.key)) back.push(chunk as Buffer);
    expect(Buffer.concat(back).equals(big)).toBe(true);
    // Nothing of it in the local folder: the bucket is the store.
    expect(existsSync(localBlobPath(path.join(dataDir(), "blobs"), stored.key))).toBe(false);

    const before = await keysUnder("casebook/");
    const refused = blobStore().put(Readable.from([randomBytes(MiB), randomBytes(MiB), randomBytes(MiB)]), 2 * MiB);
    await expect(refused).rejects.toMatchObject({ code: "too_large", message: "The file is larger than the 2.0 MiB limit (CASEBOOK_MAX_UPLOAD_BYTES)." });
    expect(await keysUnder("casebook/")).toEqual(before);
  });

  it("builds a package into the bucket; the routes stream the package and the evidence back byte for byte", async () => {
    built = await caseWithBuiltExport();
    const { x, zip, c, token } = built;
    expect(x.storageKey).toBe(x.sha256);
    expect(sha256(zip)).toBe(x.sha256);
    expect((await objectBytes(x.sha256!)).equals(Buffer.from(zip))).toBe(true);
    const report = await verifyPackage(zip, {});
    expect(report.ok, JSON.stringify(report.problems)).toBe(true);

    const item = await db().evidenceItem.findFirstOrThrow({ where: { caseId: c.id, sha256: sha256(ACCOUNTS) } });
    const res = await evidenceDownload(item.id, token);
    expect(res.status).toBe(200);
    expect(await receive(res)).toEqual({ bytes: ACCOUNTS, error: null });
  });

  it("backs up the list of the bucket's files, not the files; a restore checks they are there", async () => {
    expect(built).toBeDefined();
    const file = path.join(tempDir(), "bucket.backup");
    const backup = await writeBackup({ url: database, file, paths: places(store) });
    // The files this database's rows use: the two sample files (imported twice, stored once) and the package.
    expect(backup).toMatchObject({ blobs: 0, blobBytes: 0, objects: { location: LOCATION, count: 3, bytes: ACCOUNTS.length + EXCHANGES.length + built.zip.length, problems: 0 } });

    // Restored where the bucket is not configured: refused before anything is loaded.
    await expect(restoreBackup({ url: await emptyDatabase(), file, paths: places() })).rejects.toThrow(`The backup's evidence files are not in it: they stay in ${LOCATION}.`);
    // Restored against a bucket folder without the files: refused, named, and the database left empty.
    const empty = await emptyDatabase();
    await expect(restoreBackup({ url: empty, file, paths: places(new S3BlobStore({ ...config, prefix: "elsewhere/" })) })).rejects.toThrow(
      new RegExp(`^3 evidence file\\(s\\) the backup's rows use are not in s3://${BUCKET}/elsewhere/ as recorded: [0-9a-f]{64} \\(missing\\)`),
    );
    expect(await queryOnce<{ n: string }>(empty, "SELECT count(*) AS n FROM audit_event")).toEqual([{ n: "0" }]);
    // Against the bucket that holds them: restored, every file found.
    const target = await emptyDatabase();
    expect(await restoreBackup({ url: target, file, paths: places(store) })).toMatchObject({ blobs: 3 });
    const [last] = await queryOnce<{ action: string; data: { evidenceFiles: number } }>(target, `SELECT action, data FROM audit_event ORDER BY seq DESC LIMIT 1`);
    expect(last).toMatchObject({ action: "backup.restore", data: { evidenceFiles: 3 } });
  });

  it("moves a Casebook from the folder to the bucket: its backup, restored onto the bucket, puts the files there", async () => {
    const folder = new LocalBlobStore(path.join(tempDir(), "blobs"));
    setBlobStore(folder);
    try {
      const { c, token } = await caseWithToken();
      const csv = `account_id,created_at\nmoved_${Date.now()},2026-04-01T00:00:00Z\n`;
      await importOk(c.id, token, "accounts", csv, "moved.csv");
      const file = path.join(tempDir(), "folder.backup");
      const local = await writeBackup({ url: database, file, paths: { ...places(), blobDir: folder.location } });
      expect(local).toMatchObject({ blobs: 1, objects: null });
      const moved = new S3BlobStore({ ...config, prefix: "moved/" });
      const restored = await restoreBackup({ url: await emptyDatabase(), file, paths: places(moved) });
      expect(restored.blobs).toBe(1);
      const key = sha256(Buffer.from(csv));
      expect(await moved.size(key)).toBe(Buffer.byteLength(csv));
    } finally {
      setBlobStore(store);
    }
  });

  it("catches a file altered in the bucket: downloads are cut short, an import is rejected, each audited for every case using it", async () => {
    expect(built).toBeDefined();
    const { c, x, zip, token, reviewerToken } = built;
    const key = sha256(ACCOUNTS);
    const altered = Buffer.from(ACCOUNTS.toString("utf8").replace("Zhang, Kai", "Zhang, Kay")); // same size, still a valid file
    expect(altered.length).toBe(ACCOUNTS.length);
    await overwrite(key, altered);
    const named = `Evidence file ${key.slice(0, 12)}… read back from ${LOCATION} does not match its SHA-256 (expected ${key}, got ${sha256(altered)}): the stored copy was altered or damaged.`;

    // The evidence download: the response had begun, and ends in an error, never with the whole file.
    const item = await db().evidenceItem.findFirstOrThrow({ where: { caseId: c.id, sha256: key } });
    const got = await receive(await evidenceDownload(item.id, token));
    expect(got.error).toMatchObject({ name: "BlobIntegrityError", message: named });
    expect(got.bytes.length).toBeLessThan(ACCOUNTS.length);
    const [downloaded] = await integrityEvents({ caseId: c.id, why: "evidence download" });
    expect(downloaded).toMatchObject({
      entityType: "evidence_item",
      entityId: item.id,
      actorLabel: expect.stringMatching(/^storage \S+:\d+$/),
      data: { key, expected: key, actual: sha256(altered), location: LOCATION, evidenceItems: [item.id] },
    });

    // The same file uploaded again into another case: the bucket already has that key, so the
    // import reads the altered copy, and is rejected with the named message; nothing is written.
    const other = await caseWithToken();
    const res = await upload(other.c.id, other.token, "accounts", ACCOUNTS, "accounts-again.csv");
    expect(res.status).toBe(202);
    const { id } = (await res.json()) as { id: string };
    await drain();
    expect(await importStatus(id)).toMatchObject({ status: "failed", errors: [{ line: 0, message: named }] });
    expect(await db().account.count({ where: { caseId: other.c.id } })).toBe(0);
    expect(await db().auditEvent.findFirst({ where: { action: "import.rejected", entityId: id } })).toMatchObject({ data: { firstError: named } });
    // One event for each case the file belongs to: the one importing it, and the one holding it as evidence.
    const imported = await integrityEvents({ why: "import" });
    expect(imported.filter((e) => e.caseId === other.c.id)).toMatchObject([{ entityType: "import_job", entityId: id, data: { imports: [id], evidenceItems: [] } }]);
    expect(imported.filter((e) => e.caseId === c.id)).toMatchObject([{ entityType: "evidence_item", entityId: item.id }]);

    // The package: its download is cut short too, and the event names it.
    const damaged = Buffer.from(zip);
    damaged[damaged.length >> 1] ^= 0x01;
    await overwrite(x.sha256!, damaged);
    const pkg = await receive(await downloadPackage(x.id, reviewerToken));
    expect(pkg.error).toMatchObject({ name: "BlobIntegrityError" });
    expect(pkg.bytes.length).toBeLessThan(zip.length);
    expect(await integrityEvents({ caseId: c.id, why: "package download" })).toMatchObject([{ entityType: "export_package", entityId: x.id, data: { key: x.sha256, exports: [x.id], evidenceItems: [] } }]);
  });

  it("never loads the AWS SDK when no bucket is configured", () => {
    const code = `
      import { createRequire } from "node:module";
      const { blobStore } = await import("./lib/storage/store.ts");
      const { configuredBackupPaths } = await import("./lib/backup/paths.ts");
      await blobStore().probe();
      if (configuredBackupPaths().objectStore) throw new Error("an object store without a bucket");
      const loaded = Object.keys(createRequire(import.meta.url).cache).filter((f) => f.includes("@aws-sdk"));
      console.log(JSON.stringify({ location: blobStore().location, loaded }));`;
    const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("CASEBOOK_S3_"))) as NodeJS.ProcessEnv;
    const r = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", code], { env, encoding: "utf8", timeout: 60_000 });
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ location: path.join(dataDir(), "blobs"), loaded: [] });
    expect(r.stderr).not.toContain("AWS SDK");
  });
});
