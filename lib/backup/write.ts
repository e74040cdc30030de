// Writes a backup (the format: lib/backup/format.ts). The database is read in ONE transaction,
// REPEATABLE READ READ ONLY, so every table comes from the same snapshot, and each table streams
// from COPY … TO STDOUT into the archive in parts: memory stays at one part whatever the size.
// Evidence files are immutable and content-addressed, so listing them after the snapshot is taken
// finds every file a row of the snapshot refers to (an extra, newer file is harmless). Evidence in
// an object store stays there: the backup lists the files the snapshot's rows use (lib/backup/objects.ts).
import { createHash } from "node:crypto";
import { createReadStream, createWriteStream, promises as fs } from "node:fs";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import { createGzip } from "node:zlib";
import pg from "pg";
import { to as copyTo } from "pg-copy-streams";
import tar from "tar-stream";
import { sessionUrlFor } from "../db/session-url";
import { KEK_FILE } from "../sharing/secrets";
import { PRIVATE_KEY_FILE, PUBLIC_KEY_FILE } from "../signing/key";
import { appliedMigrations, casebookSequences, casebookTables, exchangePartitionCases, fixSessionFormat, ident } from "./catalog";
import {
  BACKUP_FORMAT,
  BACKUP_VERSION,
  blobMember,
  CHECKPOINT_MEMBER,
  HEADER_MEMBER,
  MANIFEST_MEMBER,
  OBJECT_STORE_BACKUP_VERSION,
  OBJECTS_MEMBER,
  PART_BYTES,
  signingMember,
  tablePartMember,
  type TBackupHeader,
  type TBackupManifest,
} from "./format";
import { describeObjectProblems, formatObjects, objectProblems, objectsInUse, type TStoredObject } from "./objects";
import type { TBackupPaths } from "./paths";

/** `objects`: the evidence left in an object store (then `blobs` is 0), and how many of its files were not there as listed. */
export type TBackupResult = { file: string; bytes: number; tables: number; rows: number; blobs: number; blobBytes: number; objects: TObjectsNote | null; ms: number };
type TObjectsNote = { location: string; count: number; bytes: number; problems: number };

/** Adds one member from a buffer or a file, recording its hash. Awaits tar-stream's own backpressure. */
function addMember(pack: tar.Pack, manifest: TBackupManifest, name: string, body: Buffer | { file: string; size: number }, mode = 0o600): Promise<void> {
  return new Promise((resolve, reject) => {
    const hash = createHash("sha256");
    if (Buffer.isBuffer(body)) {
      hash.update(body);
      manifest.members[name] = { sha256: hash.digest("hex"), size: body.length };
      pack.entry({ name, size: body.length, mode, mtime: new Date(0) }, body, (e) => (e ? reject(e) : resolve()));
      return;
    }
    const entry = pack.entry({ name, size: body.size, mode, mtime: new Date(0) }, (e) => {
      if (e) return reject(e);
      manifest.members[name] = { sha256: hash.digest("hex"), size: body.size };
      resolve();
    });
    const src = createReadStream(body.file, { highWaterMark: 1 << 20 });
    src.on("data", (c) => hash.update(c));
    src.on("error", reject);
    src.pipe(entry);
  });
}

async function* walk(dir: string): AsyncGenerator<string> {
  const entries = await fs.readdir(dir, { withFileTypes: true }).catch((e: NodeJS.ErrnoException) => {
    if (e.code === "ENOENT") return [];
    throw e;
  });
  for (const d of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    const p = path.join(dir, d.name);
    if (d.isDirectory()) yield* walk(p);
    else if (d.isFile()) yield p;
  }
}

export async function writeBackup(opts: { url: string; file: string; paths: TBackupPaths; log?: (m: string) => void; gzipLevel?: number }): Promise<TBackupResult> {
  const log = opts.log ?? (() => {});
  const started = Date.now();
  // Its own session (the format settings are session-wide), past any transaction-mode pooler.
  const client = new pg.Client({ connectionString: sessionUrlFor(opts.url) });
  await client.connect();
  const pack = tar.pack();
  // The file holds the signing key: the owner's alone, like the key itself.
  const tmp = `${opts.file}.partial`;
  const out = createWriteStream(tmp, { flags: "w", mode: 0o600 });
  const written = pipeline(pack, createGzip({ level: opts.gzipLevel ?? 6 }), out);
  written.catch(() => {}); // surfaced by the await below
  const manifest: TBackupManifest = { members: {}, rowCounts: {}, blobs: 0, blobBytes: 0 };
  let rows = 0;
  let objectsNote: TObjectsNote | null = null;
  try {
    await client.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
    await fixSessionFormat(client);
    const { tables } = await casebookTables(client);
    const sequences = [];
    for (const s of await casebookSequences(client)) {
      const { rows: r } = await client.query<{ last_value: string; is_called: boolean }>(`SELECT last_value::text, is_called FROM ${s.sequence}`);
      sequences.push({ table: s.table, column: s.column, lastValue: r[0].last_value, isCalled: r[0].is_called });
    }
    const store = opts.paths.objectStore;
    const header: TBackupHeader = {
      format: BACKUP_FORMAT,
      version: store ? OBJECT_STORE_BACKUP_VERSION : BACKUP_VERSION,
      createdAt: new Date().toISOString(),
      migrations: await appliedMigrations(client),
      tables,
      sequences,
      exchangePartitions: await exchangePartitionCases(client),
      ...(store ? { objectStore: { location: store.location } } : {}),
    };
    await addMember(pack, manifest, HEADER_MEMBER, Buffer.from(JSON.stringify(header, null, 2)));

    for (const t of tables) {
      // COPY (SELECT …): a partitioned table cannot be COPYed from by name.
      const copy = client.query(copyTo(`COPY (SELECT ${t.columns.map(ident).join(", ")} FROM ${ident(t.name)}) TO STDOUT`));
      let part = 0;
      let chunks: Buffer[] = [];
      let size = 0;
      const flush = async () => {
        if (size === 0 && part > 0) return;
        await addMember(pack, manifest, tablePartMember(t.name, ++part), Buffer.concat(chunks, size));
        chunks = [];
        size = 0;
      };
      for await (const chunk of copy as AsyncIterable<Buffer>) {
        chunks.push(chunk);
        size += chunk.length;
        if (size >= PART_BYTES) await flush();
      }
      await flush();
      manifest.rowCounts[t.name] = copy.rowCount;
      rows += copy.rowCount;
      if (copy.rowCount >= 10_000) log(`${t.name}: ${copy.rowCount.toLocaleString("en")} rows`);
    }
    // The files the snapshot's rows use, from the same snapshot.
    const objects = store ? await objectsInUse(client) : null;
    await client.query("COMMIT");
    log(`database: ${tables.length} tables, ${rows.toLocaleString("en")} rows from one snapshot`);

    // The sharing key-encryption key too: the partners' keys in the database are sealed with it.
    for (const f of [PRIVATE_KEY_FILE, PUBLIC_KEY_FILE, KEK_FILE]) {
      const p = path.join(opts.paths.signingKeyDir, f);
      const st = await fs.stat(p).catch(() => null);
      if (st) await addMember(pack, manifest, signingMember(f), await fs.readFile(p), st.mode & 0o777);
    }
    if (!manifest.members[signingMember(PRIVATE_KEY_FILE)]) log(`note: no signing key in ${opts.paths.signingKeyDir} (none made yet)`);
    const cp = await fs.readFile(opts.paths.checkpointFile).catch(() => null);
    if (cp) await addMember(pack, manifest, CHECKPOINT_MEMBER, cp);

    if (store && objects) objectsNote = await listObjects(pack, manifest, store, objects, log);
    else await addBlobFiles(pack, manifest, opts.paths.blobDir, log);
    await addMember(pack, manifest, MANIFEST_MEMBER, Buffer.from(JSON.stringify(manifest, null, 2)));
    pack.finalize();
    await written;
    await fs.rename(tmp, opts.file);
  } catch (e) {
    await client.query("ROLLBACK").catch(() => {});
    pack.destroy();
    await written.catch(() => {});
    await fs.rm(tmp, { force: true });
    throw e;
  } finally {
    await client.end().catch(() => {});
  }
  const { size: bytes } = await fs.stat(opts.file);
  return { file: opts.file, bytes, tables: Object.keys(manifest.rowCounts).length, rows, blobs: manifest.blobs, blobBytes: manifest.blobBytes, objects: objectsNote, ms: Date.now() - started };
}

/** The local evidence folder, every file in the backup under its SHA-256. */
async function addBlobFiles(pack: tar.Pack, manifest: TBackupManifest, blobDir: string, log: (m: string) => void) {
  for await (const file of walk(blobDir)) {
    const key = path.basename(file);
    if (!/^[0-9a-f]{64}$/.test(key)) continue; // the store's tmp/ folder: uploads in progress
    const { size } = await fs.stat(file);
    await addMember(pack, manifest, blobMember(key), { file, size });
    manifest.blobs++;
    manifest.blobBytes += size;
  }
  log(`evidence store: ${manifest.blobs} files, ${manifest.blobBytes.toLocaleString("en")} bytes`);
}

/**
 * Evidence in an object store: listed, not copied. Each file is looked for in the store now, so a
 * file already missing is said at backup time, not found at the restore (the backup is made anyway:
 * the database is worth having).
 */
async function listObjects(pack: tar.Pack, manifest: TBackupManifest, store: NonNullable<TBackupPaths["objectStore"]>, objects: TStoredObject[], log: (m: string) => void): Promise<TObjectsNote> {
  await addMember(pack, manifest, OBJECTS_MEMBER, formatObjects(objects));
  const bytes = objects.reduce((n, o) => n + o.size, 0);
  log(`evidence store: ${objects.length} files (${bytes.toLocaleString("en")} bytes) stay in ${store.location}; listed, not copied: back the bucket up with its own means (versioning, replication)`);
  const problems = await objectProblems(store, objects);
  if (problems.length) log(`warning: ${describeObjectProblems(problems, store.location)}`);
  return { location: store.location, count: objects.length, bytes, problems: problems.length };
}
