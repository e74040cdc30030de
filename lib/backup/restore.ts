// Restores a backup (lib/backup/format.ts) in one pass over the file, into an empty database and
// data folder. The tables load with COPY … FROM STDIN inside ONE transaction, which commits only
// after every member of the file has matched its SHA-256 in the manifest and every table its row
// count: a damaged or cut-short file leaves the database as it was. Evidence files are checked as
// they are written (each is named by its SHA-256); the signing key and checkpoint file are put in
// place only after the commit. Evidence a backup left in an object store is looked for there before
// the commit (lib/backup/objects.ts); a backup's evidence files restored into a Casebook on an
// object store go into that store.
import { createHash, randomUUID } from "node:crypto";
import { once } from "node:events";
import { createReadStream, createWriteStream, promises as fs } from "node:fs";
import path from "node:path";
import { finished, pipeline } from "node:stream/promises";
import { createGunzip } from "node:zlib";
import pg from "pg";
import { from as copyFrom, type CopyStreamQuery } from "pg-copy-streams";
import tar from "tar-stream";
import { z } from "zod";
import { defineBulkAction, runBulkAction } from "../action";
import { cliActor } from "../actors";
import type { TActor } from "../authz";
import { sessionUrlFor } from "../db/session-url";
import { migrate, readMigrations } from "../platform/migrate";
import { AppError } from "../errors";
import { localBlobPath } from "../storage/blob-store";
import { appliedMigrations, casebookSequences, casebookTables, fixSessionFormat, ident, isSuperuser } from "./catalog";
import { partitionName } from "../ingest/partition";
import { checkObjectsForRestore, parseObjects, type TStoredObject } from "./objects";
import { CHECKPOINT_MEMBER, HEADER_MEMBER, MANIFEST_MEMBER, OBJECTS_MEMBER, tableOfMember, ZBackupHeader, ZBackupManifest, type TBackupHeader, type TBackupManifest } from "./format";
import type { TBackupPaths } from "./paths";

export type TRestoreResult = { tables: number; rows: number; blobs: number; blobBytes: number; signingKey: boolean; checkpoints: boolean; ms: number };

const refuse = (message: string) => new AppError("conflict", message);
const damaged = (message: string) => new AppError("bad_input", `${message}. The backup file is damaged; the database was left as it was.`);

async function sameContent(file: string, body: Buffer): Promise<boolean | null> {
  const existing = await fs.readFile(file).catch(() => null);
  return existing === null ? null : existing.equals(body);
}

/** Moves a file aside (never deletes it): `--force` replaces, it does not destroy. */
async function moveAside(file: string, log: (m: string) => void) {
  const aside = `${file}.before-restore-${new Date().toISOString().replace(/[:.]/g, "-")}`;
  await fs.rename(file, aside);
  log(`moved the existing ${file} aside to ${aside}`);
}

async function checkTarget(client: pg.ClientBase, header: TBackupHeader, force: boolean, log: (m: string) => void) {
  const have = (await appliedMigrations(client)).map((m) => m.name);
  const want = header.migrations.map((m) => m.name);
  if (have.join("\n") !== want.join("\n")) {
    const msg = `The backup was made at migration ${want.at(-1) ?? "(none)"} (${want.length} migrations); this Casebook's database is at ${have.at(-1) ?? "(none)"} (${have.length}). Restore with the Casebook version that made the backup, then upgrade`;
    if (!force) throw refuse(`${msg}, or pass --force to load its tables into this schema by column name.`);
    log(`warning: ${msg}. --force: loading by column name; columns the backup lacks take their defaults.`);
  }
  const { tables } = await casebookTables(client);
  const target = new Map(tables.map((t) => [t.name, new Set(t.columns)]));
  for (const t of header.tables) {
    const cols = target.get(t.name);
    if (!cols) throw refuse(`The backup has table ${t.name}, which this Casebook's database does not.`);
    const missing = t.columns.filter((c) => !cols.has(c));
    if (missing.length) throw refuse(`The backup's table ${t.name} has column(s) ${missing.join(", ")}, which this Casebook's database does not.`);
  }
  // Rows a migration inserts itself (the capability taxonomy) are in every fresh database: they do
  // not make it "hold data", and the backup's own copy of them replaces them.
  const filled = new Set(readMigrations().flatMap((m) => [...m.sql.matchAll(/INSERT\s+INTO\s+"?([A-Za-z_][A-Za-z0-9_]*)"?/gi)].map((x) => x[1])));
  const full: string[] = [];
  const prefilled: string[] = [];
  for (const t of tables) {
    if (!(await client.query(`SELECT EXISTS (SELECT 1 FROM ${ident(t.name)}) AS yes`)).rows[0].yes) continue;
    (filled.has(t.name) ? prefilled : full).push(t.name);
  }
  return { tables, full, prefilled };
}

/** The restore's own audit event: appended to the restored log, by whoever ran the restore. */
const recordRestoreAction = defineBulkAction({
  name: "backup.restore",
  input: z.object({ file: z.string(), backupCreatedAt: z.string(), tables: z.number().int(), rows: z.number().int(), evidenceFiles: z.number().int(), force: z.boolean() }),
  permission: "backup.restore",
  async run({ input }) {
    return { result: input, audit: { action: "backup.restore", entityType: "backup", entityId: input.file, data: input } };
  },
});

type TRestoreOptions = { url: string; file: string; paths: TBackupPaths; force?: boolean; log?: (m: string) => void; actor?: TActor };

export async function restoreBackup(opts: TRestoreOptions): Promise<TRestoreResult> {
  const log = opts.log ?? (() => {});
  const force = Boolean(opts.force);
  const started = Date.now();
  const archive = await openArchive(opts.file);
  const r: TRestore = {
    opts,
    log,
    force,
    // One session from the format settings to the commit, past any transaction-mode pooler.
    client: new pg.Client({ connectionString: sessionUrlFor(opts.url) }),
    checkpointTmp: `${opts.paths.checkpointFile}.restore-${process.pid}.tmp`,
    header: null,
    manifest: null,
    copy: null,
    seen: new Map(),
    rowCounts: new Map(),
    pendingFiles: [],
    blobs: 0,
    blobBytes: 0,
    objects: null,
    checkpoints: false,
    inTransaction: false,
  };
  const { client, rowCounts } = r;

  // One transaction: BEGIN once the header is read (beginRestore), COMMIT in runBulkAction with the
  // restore's audit event; the key and checkpoint files go into place only after it.
  try {
    for await (const entry of archive.extract) await restoreMember(r, entry);
    await archive.reading;
    const { header, manifest } = r;
    if (!header) throw damaged("it is empty");
    if (!manifest) throw damaged(`it ends before ${MANIFEST_MEMBER}: the file was cut short`);
    checkAgainstManifest(r, header, manifest);
    await checkObjects(r, header);
    await refuseOtherCheckpoints(r);
    await restoreSequences(client, header);

    const rows = [...rowCounts.values()].reduce((a, b) => a + b, 0);
    // The restore records itself at the end of the log it has just loaded, in the same transaction:
    // the chain goes on from the backup's last event, and says who restored what, from which file.
    const recorded = await runBulkAction(
      client,
      recordRestoreAction,
      opts.actor ?? cliActor(),
      { file: path.basename(opts.file), backupCreatedAt: header.createdAt, tables: rowCounts.size, rows, evidenceFiles: r.blobs, force },
      { inOpenTransaction: true },
    );
    r.inTransaction = false;
    if (!recorded.ok) throw new AppError(recorded.error.code === "internal" ? "bad_input" : recorded.error.code, `The restore was rolled back: it could not be recorded in the audit log (${recorded.error.message}).`);
    log(`database: ${rowCounts.size} tables, ${rows.toLocaleString("en")} rows loaded and committed; evidence store: ${r.blobs} files checked`);

    await placeKeysAndCheckpoints(r);
    await client.query("ANALYZE");
    const signingKey = Object.keys(manifest.members).some((m) => m.startsWith("signing/") && m.endsWith(".pkcs8.pem"));
    return { tables: rowCounts.size, rows, blobs: r.blobs, blobBytes: r.blobBytes, signingKey, checkpoints: r.checkpoints, ms: Date.now() - started };
  } catch (e) {
    // A failure of the file itself (gzip, tar) settles the read at once; anything else leaves it waiting.
    await Promise.race([archive.reading.catch(() => {}), new Promise((res) => setTimeout(res, 50))]);
    archive.extract.destroy();
    r.copy?.stream.destroy();
    if (r.inTransaction) await client.query("ROLLBACK").catch(() => {});
    const unreadable = archive.readError;
    if (unreadable && !(e instanceof AppError)) throw damaged(`it cannot be read as a gzipped tar archive (${unreadable.message}): it was cut short, or is not a Casebook backup`);
    throw e;
  } finally {
    await fs.rm(r.checkpointTmp, { force: true });
    await client.end().catch(() => {});
  }
}

/** One restore's state, as its steps read the file's members in turn and then finish. */
type TRestore = {
  opts: TRestoreOptions;
  log: (m: string) => void;
  force: boolean;
  client: pg.Client;
  checkpointTmp: string;
  header: TBackupHeader | null;
  manifest: TBackupManifest | null;
  /** The table being loaded: its parts follow one another, one COPY for all of them. */
  copy: { table: string; stream: CopyStreamQuery; done: Promise<void>; indexes: string[] } | null;
  /** Every member read but the manifest: its SHA-256 and size, to check against the manifest. */
  seen: Map<string, { sha256: string; size: number }>;
  rowCounts: Map<string, number>;
  /** Signing key files to put in place once the database has committed. */
  pendingFiles: Array<{ file: string; body: Buffer; mode: number }>;
  blobs: number;
  blobBytes: number;
  /** The files a backup left in an object store (OBJECTS_MEMBER). */
  objects: TStoredObject[] | null;
  checkpoints: boolean;
  inTransaction: boolean;
};

/** The file as tar members, through gunzip when it starts as gzip does; a read failure is kept. */
async function openArchive(file: string) {
  const fd = await fs.open(file, "r").catch((e: NodeJS.ErrnoException) => {
    throw new AppError("bad_input", `Cannot read the backup file ${file} (${e.code ?? e.message}).`);
  });
  const magic = Buffer.alloc(2);
  await fd.read(magic, 0, 2, 0);
  await fd.close();
  const extract = tar.extract();
  const source = createReadStream(file, { highWaterMark: 1 << 20 });
  const reading = magic[0] === 0x1f && magic[1] === 0x8b ? pipeline(source, createGunzip(), extract) : pipeline(source, extract);
  const archive = { extract, reading, readError: null as Error | null };
  reading.catch((e: Error) => (archive.readError = e)); // the iterator over extract fails with it too
  return archive;
}

/** A member as tar-stream hands it over (the package does not export its type). */
type TTarEntry = ReturnType<typeof tar.extract> extends AsyncIterable<infer E> ? E : never;

/** One member of the file: its bytes are hashed and counted as they are read. */
class Member {
  readonly name: string;
  readonly hash = createHash("sha256");
  size = 0;
  constructor(readonly entry: TTarEntry) {
    this.name = entry.header.name;
  }
  async *chunks(): AsyncGenerator<Buffer> {
    for await (const chunk of this.entry as AsyncIterable<Buffer>) {
      this.hash.update(chunk);
      this.size += chunk.length;
      yield chunk;
    }
  }
  async readAll(): Promise<Buffer> {
    const parts: Buffer[] = [];
    for await (const c of this.chunks()) parts.push(c);
    return Buffer.concat(parts);
  }
  /** The member as JSON, checked against `schema`. */
  async readJson<T>(schema: z.ZodType<T>): Promise<T> {
    const parsed = schema.safeParse(JSON.parse((await this.readAll()).toString("utf8")));
    if (!parsed.success) throw damaged(`${this.name}: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
    return parsed.data;
  }
}

/** The header first, then tables, evidence files, signing keys and checkpoints, the manifest last. */
async function restoreMember(r: TRestore, entry: TTarEntry) {
  const member = new Member(entry);
  const name = member.name;
  if (r.manifest) throw damaged(`${name} comes after the manifest, which must be the last member`);
  if (!r.header) await beginRestore(r, member);
  else if (name === MANIFEST_MEMBER) {
    await endCopy(r);
    r.manifest = await member.readJson(ZBackupManifest);
    return; // the manifest does not list itself
  } else if (tableOfMember(name)) await copyTablePart(r, r.header, member, tableOfMember(name)!);
  else if (name.startsWith("blobs/")) await restoreBlob(r, member);
  else if (name === OBJECTS_MEMBER) await readObjectList(r, member);
  else if (name.startsWith("signing/")) await stageSigningFile(r, member);
  else if (name === CHECKPOINT_MEMBER) await stageCheckpoints(r, member);
  else throw damaged(`unexpected member ${name}`);
  r.seen.set(name, { sha256: member.hash.digest("hex"), size: member.size });
}

/** The header: the database is migrated and checked against it, and the transaction begins. */
async function beginRestore(r: TRestore, member: Member) {
  const { client, log } = r;
  if (member.name !== HEADER_MEMBER) throw damaged(`it starts with ${member.name}, not ${HEADER_MEMBER}: not a Casebook backup`);
  const header = await member.readJson(ZBackupHeader);
  r.header = header;
  log(`backup made ${header.createdAt}: ${header.tables.length} tables, at migration ${header.migrations.at(-1)?.name ?? "(none)"}`);
  if (header.objectStore && !r.opts.paths.objectStore) {
    throw refuse(`The backup's evidence files are not in it: they stay in ${header.objectStore.location}. Configure that object store (CASEBOOK_S3_BUCKET and the other CASEBOOK_S3_* variables) to restore it.`);
  }
  await migrate(r.opts.url, log);
  await client.connect();
  await fixSessionFormat(client);
  const target = await checkTarget(client, header, r.force, log);
  const superuser = await isSuperuser(client);
  await client.query("BEGIN");
  r.inTransaction = true;
  await client.query("SET LOCAL maintenance_work_mem = '256MB'"); // the index builds after each table
  await emptyTarget(r, target, superuser);
}

/**
 * What the database already holds goes, inside the transaction: everything with --force (which
 * needs a superuser), else only the rows the migrations inserted.
 */
async function emptyTarget(r: TRestore, { tables, full, prefilled }: Awaited<ReturnType<typeof checkTarget>>, superuser: boolean) {
  const { client, opts } = r;
  if (full.length) {
    const where = `The database ${new URL(opts.url).pathname.slice(1)} on ${new URL(opts.url).host} already holds Casebook data (${full.slice(0, 5).join(", ")}${full.length > 5 ? ", …" : ""})`;
    if (!r.force) throw refuse(`${where}. A restore needs an empty database: create a new one (or, for the embedded one, use a new CASEBOOK_DATA_DIR), or pass --force to replace everything in it.`);
    if (!superuser) throw refuse(`${where}. --force empties it first, which needs a superuser (the audit log refuses TRUNCATE otherwise); use an empty database instead.`);
    r.log(`--force: emptying ${full.length} table(s) first, in the same transaction (a failed restore leaves them as they were)`);
  }
  if (superuser) {
    // Replica mode skips the foreign-key triggers (the rows come from a consistent snapshot) and,
    // with --force, the audit log's refusal of TRUNCATE; COPY would be an INSERT either way.
    await client.query("SET LOCAL session_replication_role = replica");
    if (full.length) await client.query(`TRUNCATE ${tables.map((t) => ident(t.name)).join(", ")} RESTART IDENTITY`);
  }
  if (!full.length) for (const t of prefilled.reverse()) await client.query(`DELETE FROM ${ident(t)}`);
}

/** A part of a table's rows, into its table's COPY (begun, with the indexes dropped, at its first part). */
async function copyTablePart(r: TRestore, header: TBackupHeader, member: Member, table: string) {
  if (r.copy?.table !== table) {
    await endCopy(r);
    const t = header.tables.find((x) => x.name === table);
    if (!t) throw damaged(`${member.name} belongs to table ${table}, which ${HEADER_MEMBER} does not list`);
    if (r.rowCounts.has(table)) throw damaged(`the parts of table ${table} are not together`);
    const indexes = await dropIndexes(r.client, table);
    if (table === "exchange") await placeExchangePartitions(r.client, header.exchangePartitions ?? []);
    const stream = r.client.query(copyFrom(`COPY ${ident(table)} (${t.columns.map(ident).join(", ")}) FROM STDIN`));
    r.copy = { table, stream, done: finished(stream), indexes };
    r.copy.done.catch(() => {});
  }
  const stream = r.copy!.stream;
  // events.once drops its listeners when either comes: one table streams thousands of parts.
  for await (const c of member.chunks()) if (!stream.write(c)) await once(stream, "drain");
}

/**
 * The cases' own partitions of exchange, as the backup had them, made before its rows load so that
 * each row goes straight to its case's partition (their indexes are built with the table's after
 * the load). Any other partition of an emptied target goes first; the DEFAULT one stays.
 */
async function placeExchangePartitions(client: pg.Client, caseIds: string[]) {
  const { rows } = await client.query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
      WHERE i.inhparent = 'public.exchange'::regclass AND pg_get_expr(c.relpartbound, c.oid) <> 'DEFAULT'`,
  );
  for (const p of rows) await client.query(`DROP TABLE ${ident(p.name)}`);
  for (const id of caseIds) await client.query(`CREATE TABLE ${ident(partitionName(id))} PARTITION OF exchange FOR VALUES IN (${client.escapeLiteral(id)})`);
}

/** Ends the table being loaded: its row count kept, its indexes built again. */
async function endCopy(r: TRestore) {
  if (!r.copy) return;
  const c = r.copy;
  r.copy = null;
  c.stream.end();
  await c.done;
  r.rowCounts.set(c.table, c.stream.rowCount);
  const t = Date.now();
  for (const def of c.indexes) await r.client.query(def);
  if (c.stream.rowCount >= 10_000) r.log(`${c.table}: ${c.stream.rowCount.toLocaleString("en")} rows${c.indexes.length ? `, ${c.indexes.length} index(es) rebuilt in ${((Date.now() - t) / 1000).toFixed(1)} s` : ""}`);
}

/**
 * A table's indexes other than those behind its constraints (the primary key), dropped for its
 * load and built again after: maintaining them row by row is most of a COPY's cost (about 5x on
 * the exchange table, ../shared STACK-NOTES). Inside the transaction, so a failure restores them.
 */
async function dropIndexes(client: pg.Client, table: string): Promise<string[]> {
  const { rows } = await client.query<{ name: string; def: string }>(
    `SELECT i.indexname AS name, i.indexdef AS def FROM pg_indexes i
      WHERE i.schemaname = 'public' AND i.tablename = $1
        AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = format('%I.%I', i.schemaname, i.indexname)::regclass)`,
    [table],
  );
  for (const r of rows) await client.query(`DROP INDEX ${ident(r.name)}`);
  // A partitioned table's index prints as "ON ONLY", which would build it for no partition.
  return rows.map((r) => r.def.replace(" ON ONLY ", " ON "));
}

/** An evidence file, written under its SHA-256 once its content is seen to have it. */
async function restoreBlob(r: TRestore, member: Member) {
  await endCopy(r);
  const { name } = member;
  const key = name.slice("blobs/".length);
  if (!/^[0-9a-f]{64}$/.test(key)) throw damaged(`${name} is not named by a SHA-256`);
  if (r.opts.paths.objectStore) await putBlob(r.opts.paths.objectStore, member, key);
  else await writeBlobFile(r, member, key);
  r.blobs++;
  r.blobBytes += member.size;
  if (r.blobs % 1000 === 0) r.log(`evidence store: ${r.blobs} files`);
}

/** Into the object store this Casebook uses (a folder's backup restored onto a bucket): the store hashes as it takes it. */
async function putBlob(store: NonNullable<TBackupPaths["objectStore"]>, member: Member, key: string) {
  const stored = await store.put(member.chunks(), member.entry.header.size ?? Number.MAX_SAFE_INTEGER);
  if (stored.sha256 !== key) throw damaged(`evidence file ${member.name}: its content has SHA-256 ${stored.sha256}, not the ${key} it is stored under`);
}

async function writeBlobFile(r: TRestore, member: Member, key: string) {
  const { name } = member;
  const tmpDir = path.join(r.opts.paths.blobDir, "tmp");
  await fs.mkdir(tmpDir, { recursive: true });
  const tmp = path.join(tmpDir, `restore-${randomUUID()}`);
  try {
    await pipeline(member.chunks(), createWriteStream(tmp, { flags: "wx" }));
    const got = member.hash.copy().digest("hex");
    if (got !== key) throw damaged(`evidence file ${name}: its content has SHA-256 ${got}, not the ${key} it is stored under`);
    const final = localBlobPath(r.opts.paths.blobDir, key);
    await fs.mkdir(path.dirname(final), { recursive: true });
    await fs.rename(tmp, final);
  } finally {
    await fs.rm(tmp, { force: true });
  }
}

/** The list of files a backup left in an object store, checked against the store before the commit. */
async function readObjectList(r: TRestore, member: Member) {
  await endCopy(r);
  const parsed = parseObjects(await member.readAll());
  if (!parsed.ok) throw damaged(`${OBJECTS_MEMBER}: ${parsed.problem}`);
  r.objects = parsed.objects;
}

async function checkObjects(r: TRestore, header: TBackupHeader) {
  if (!header.objectStore) return;
  if (!r.objects) throw damaged(`it names the object store ${header.objectStore.location} but has no ${OBJECTS_MEMBER}`);
  const found = await checkObjectsForRestore(r.opts.paths.objectStore!, r.objects, header.objectStore.location, { force: r.force, log: r.log });
  r.blobs = found.files;
  r.blobBytes = found.bytes;
}

/** A signing key file, held until the commit; a different private key already there needs --force. */
async function stageSigningFile(r: TRestore, member: Member) {
  await endCopy(r);
  const { name } = member;
  const file = name.slice("signing/".length);
  if (!/^[A-Za-z0-9._-]+$/.test(file)) throw damaged(`${name} is not a signing key file name`);
  const body = await member.readAll();
  const target = path.join(r.opts.paths.signingKeyDir, file);
  const same = await sameContent(target, body);
  if (same === false && file.endsWith(".pkcs8.pem") && !r.force) {
    throw refuse(`${target} already holds a different signing key. Restore into an empty data folder, or pass --force to move the existing key aside (packages and checkpoints it signed then no longer verify against the local key).`);
  }
  if (same !== true) r.pendingFiles.push({ file: target, body, mode: (member.entry.header.mode ?? 0o600) & 0o644 });
}

/** The checkpoint file, written beside its place until the commit. */
async function stageCheckpoints(r: TRestore, member: Member) {
  await endCopy(r);
  await fs.mkdir(path.dirname(r.opts.paths.checkpointFile), { recursive: true, mode: 0o700 });
  await pipeline(member.chunks(), createWriteStream(r.checkpointTmp, { mode: 0o600 }));
  r.checkpoints = true;
}

/** Every member as the manifest lists it (SHA-256 and size), none more, and every table's row count. */
function checkAgainstManifest({ seen, rowCounts }: TRestore, header: TBackupHeader, manifest: TBackupManifest) {
  for (const [name, want] of Object.entries(manifest.members)) {
    const got = seen.get(name);
    if (!got) throw damaged(`${name}, listed in the manifest, is missing`);
    if (got.sha256 !== want.sha256 || got.size !== want.size) throw damaged(`${name}: SHA-256 ${got.sha256} (${got.size} bytes), the manifest says ${want.sha256} (${want.size} bytes)`);
  }
  for (const name of seen.keys()) if (!manifest.members[name]) throw damaged(`${name} is not in the manifest`);
  for (const t of header.tables) {
    if ((rowCounts.get(t.name) ?? 0) !== manifest.rowCounts[t.name]) throw damaged(`table ${t.name}: ${rowCounts.get(t.name) ?? 0} rows loaded, the manifest says ${manifest.rowCounts[t.name]}`);
  }
}

/** Before the commit: other checkpoints already in place are replaced only with --force. */
async function refuseOtherCheckpoints(r: TRestore) {
  if (r.checkpoints && !r.force) {
    const existing = await fs.readFile(r.opts.paths.checkpointFile).catch(() => null);
    if (existing && existing.length && !existing.equals(await fs.readFile(r.checkpointTmp))) {
      throw refuse(`${r.opts.paths.checkpointFile} already holds other checkpoints. Restore into an empty data folder, or pass --force to move it aside.`);
    }
  }
}

/** Sequences: never below what was handed out, nor below a restored row. */
async function restoreSequences(client: pg.Client, header: TBackupHeader) {
  const saved = new Map(header.sequences.map((s) => [`${s.table}.${s.column}`, s]));
  for (const s of await casebookSequences(client)) {
    const b = saved.get(`${s.table}.${s.column}`);
    const given = b ? BigInt(b.lastValue) - (b.isCalled ? 0n : 1n) : 0n;
    const { rows } = await client.query<{ max: string | null }>(`SELECT max(${ident(s.column)})::text AS max FROM ${ident(s.table)}`);
    const top = rows[0].max === null ? given : BigInt(rows[0].max) > given ? BigInt(rows[0].max) : given;
    if (top >= 1n) await client.query(`SELECT setval($1::regclass, $2::bigint, true)`, [s.sequence, top.toString()]);
    else await client.query(`SELECT setval($1::regclass, 1, false)`, [s.sequence]);
  }
}

/** After the commit: the signing key files and the checkpoint file into place, what was there moved aside. */
async function placeKeysAndCheckpoints(r: TRestore) {
  const { paths } = r.opts;
  await fs.mkdir(paths.signingKeyDir, { recursive: true, mode: 0o700 });
  await fs.chmod(paths.signingKeyDir, 0o700);
  for (const p of r.pendingFiles) {
    if ((await sameContent(p.file, p.body)) === false) await moveAside(p.file, r.log);
    await fs.writeFile(`${p.file}.tmp`, p.body, { mode: p.mode });
    await fs.chmod(`${p.file}.tmp`, p.mode);
    await fs.rename(`${p.file}.tmp`, p.file);
  }
  if (r.checkpoints) {
    const existing = await fs.readFile(paths.checkpointFile).catch(() => null);
    if (existing && existing.length && !existing.equals(await fs.readFile(r.checkpointTmp))) await moveAside(paths.checkpointFile, r.log);
    await fs.rename(r.checkpointTmp, paths.checkpointFile);
  }
}
