// Restores a backup (lib/backup/format.ts) in one pass over the file, into an empty database and
// data folder. The tables load with COPY … FROM STDIN inside ONE transaction, which commits only
// after every member of the file has matched its SHA-256 in the manifest and every table its row
// count: a damaged or cut-short file leaves the database as it was. Evidence files are checked as
// they are written (each is named by its SHA-256); the signing key and checkpoint file are put in
// place only after the commit.
import { createHash, randomUUID } from "node:crypto";
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
import { migrate, readMigrations } from "../platform/migrate";
import { AppError } from "../errors";
import { localBlobPath } from "../storage/blob-store";
import { appliedMigrations, casebookSequences, casebookTables, fixSessionFormat, ident, isSuperuser } from "./catalog";
import { CHECKPOINT_MEMBER, HEADER_MEMBER, MANIFEST_MEMBER, tableOfMember, ZBackupHeader, ZBackupManifest, type TBackupHeader, type TBackupManifest } from "./format";
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

export async function restoreBackup(opts: { url: string; file: string; paths: TBackupPaths; force?: boolean; log?: (m: string) => void; actor?: TActor }): Promise<TRestoreResult> {
  const log = opts.log ?? (() => {});
  const force = Boolean(opts.force);
  const started = Date.now();
  const fd = await fs.open(opts.file, "r").catch((e: NodeJS.ErrnoException) => {
    throw new AppError("bad_input", `Cannot read the backup file ${opts.file} (${e.code ?? e.message}).`);
  });
  const magic = Buffer.alloc(2);
  await fd.read(magic, 0, 2, 0);
  await fd.close();
  const extract = tar.extract();
  const source = createReadStream(opts.file, { highWaterMark: 1 << 20 });
  const reading = magic[0] === 0x1f && magic[1] === 0x8b ? pipeline(source, createGunzip(), extract) : pipeline(source, extract);
  let readError: Error | null = null;
  reading.catch((e: Error) => (readError = e)); // the iterator below fails with it too

  const client = new pg.Client({ connectionString: opts.url });
  const seen = new Map<string, { sha256: string; size: number }>();
  const rowCounts = new Map<string, number>();
  const pendingFiles: Array<{ file: string; body: Buffer; mode: number }> = [];
  const checkpointTmp = `${opts.paths.checkpointFile}.restore-${process.pid}.tmp`;
  let header: TBackupHeader | null = null;
  let manifest: TBackupManifest | null = null;
  // The table being loaded: its parts follow one another, one COPY for all of them.
  let copy = null as { table: string; stream: CopyStreamQuery; done: Promise<void>; indexes: string[] } | null;
  let blobs = 0;
  let blobBytes = 0;
  let checkpoints = false;
  let inTransaction = false;

  const endCopy = async () => {
    if (!copy) return;
    const c = copy;
    copy = null;
    c.stream.end();
    await c.done;
    rowCounts.set(c.table, c.stream.rowCount);
    const t = Date.now();
    for (const def of c.indexes) await client.query(def);
    if (c.stream.rowCount >= 10_000) log(`${c.table}: ${c.stream.rowCount.toLocaleString("en")} rows${c.indexes.length ? `, ${c.indexes.length} index(es) rebuilt in ${((Date.now() - t) / 1000).toFixed(1)} s` : ""}`);
  };

  /**
   * A table's indexes other than those behind its constraints (the primary key), dropped for its
   * load and built again after: maintaining them row by row is most of a COPY's cost (about 5x on
   * the exchange table, ../shared STACK-NOTES). Inside the transaction, so a failure restores them.
   */
  const dropIndexes = async (table: string): Promise<string[]> => {
    const { rows } = await client.query<{ name: string; def: string }>(
      `SELECT i.indexname AS name, i.indexdef AS def FROM pg_indexes i
        WHERE i.schemaname = 'public' AND i.tablename = $1
          AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = format('%I.%I', i.schemaname, i.indexname)::regclass)`,
      [table],
    );
    for (const r of rows) await client.query(`DROP INDEX ${ident(r.name)}`);
    return rows.map((r) => r.def);
  };

  try {
    for await (const entry of extract) {
      const name = entry.header.name;
      const hash = createHash("sha256");
      let size = 0;
      const chunks = async function* () {
        for await (const chunk of entry as AsyncIterable<Buffer>) {
          hash.update(chunk);
          size += chunk.length;
          yield chunk;
        }
      };
      const readAll = async () => {
        const parts: Buffer[] = [];
        for await (const c of chunks()) parts.push(c);
        return Buffer.concat(parts);
      };
      if (manifest) throw damaged(`${name} comes after the manifest, which must be the last member`);
      if (!header) {
        if (name !== HEADER_MEMBER) throw damaged(`it starts with ${name}, not ${HEADER_MEMBER}: not a Casebook backup`);
        const parsed = ZBackupHeader.safeParse(JSON.parse((await readAll()).toString("utf8")));
        if (!parsed.success) throw damaged(`${HEADER_MEMBER}: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
        header = parsed.data;
        log(`backup made ${header.createdAt}: ${header.tables.length} tables, at migration ${header.migrations.at(-1)?.name ?? "(none)"}`);
        await migrate(opts.url, log);
        await client.connect();
        await fixSessionFormat(client);
        const { tables, full, prefilled } = await checkTarget(client, header, force, log);
        const superuser = await isSuperuser(client);
        await client.query("BEGIN");
        inTransaction = true;
        await client.query("SET LOCAL maintenance_work_mem = '256MB'"); // the index builds after each table
        if (full.length) {
          const where = `The database ${new URL(opts.url).pathname.slice(1)} on ${new URL(opts.url).host} already holds Casebook data (${full.slice(0, 5).join(", ")}${full.length > 5 ? ", …" : ""})`;
          if (!force) throw refuse(`${where}. A restore needs an empty database: create a new one (or, for the embedded one, use a new CASEBOOK_DATA_DIR), or pass --force to replace everything in it.`);
          if (!superuser) throw refuse(`${where}. --force empties it first, which needs a superuser (the audit log refuses TRUNCATE otherwise); use an empty database instead.`);
          log(`--force: emptying ${full.length} table(s) first, in the same transaction (a failed restore leaves them as they were)`);
        }
        if (superuser) {
          // Replica mode skips the foreign-key triggers (the rows come from a consistent snapshot) and,
          // with --force, the audit log's refusal of TRUNCATE; COPY would be an INSERT either way.
          await client.query("SET LOCAL session_replication_role = replica");
          if (full.length) await client.query(`TRUNCATE ${tables.map((t) => ident(t.name)).join(", ")} RESTART IDENTITY`);
        }
        if (!full.length) for (const t of prefilled.reverse()) await client.query(`DELETE FROM ${ident(t)}`);
      } else if (name === MANIFEST_MEMBER) {
        await endCopy();
        const parsed = ZBackupManifest.safeParse(JSON.parse((await readAll()).toString("utf8")));
        if (!parsed.success) throw damaged(`${MANIFEST_MEMBER}: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
        manifest = parsed.data;
        continue; // the manifest does not list itself
      } else if (tableOfMember(name)) {
        const table = tableOfMember(name)!;
        if (copy?.table !== table) {
          await endCopy();
          const t = header.tables.find((x) => x.name === table);
          if (!t) throw damaged(`${name} belongs to table ${table}, which ${HEADER_MEMBER} does not list`);
          if (rowCounts.has(table)) throw damaged(`the parts of table ${table} are not together`);
          const indexes = await dropIndexes(table);
          const stream = client.query(copyFrom(`COPY ${ident(table)} (${t.columns.map(ident).join(", ")}) FROM STDIN`));
          copy = { table, stream, done: finished(stream), indexes };
          copy.done.catch(() => {});
        }
        const stream = copy!.stream;
        for await (const c of chunks()) if (!stream.write(c)) await new Promise<void>((r, j) => { stream.once("drain", r); stream.once("error", j); });
      } else if (name.startsWith("blobs/")) {
        await endCopy();
        const key = name.slice("blobs/".length);
        if (!/^[0-9a-f]{64}$/.test(key)) throw damaged(`${name} is not named by a SHA-256`);
        const tmpDir = path.join(opts.paths.blobDir, "tmp");
        await fs.mkdir(tmpDir, { recursive: true });
        const tmp = path.join(tmpDir, `restore-${randomUUID()}`);
        try {
          await pipeline(chunks(), createWriteStream(tmp, { flags: "wx" }));
          const got = hash.copy().digest("hex");
          if (got !== key) throw damaged(`evidence file ${name}: its content has SHA-256 ${got}, not the ${key} it is stored under`);
          const final = localBlobPath(opts.paths.blobDir, key);
          await fs.mkdir(path.dirname(final), { recursive: true });
          await fs.rename(tmp, final);
        } finally {
          await fs.rm(tmp, { force: true });
        }
        blobs++;
        blobBytes += size;
        if (blobs % 1000 === 0) log(`evidence store: ${blobs} files`);
      } else if (name.startsWith("signing/")) {
        await endCopy();
        const file = name.slice("signing/".length);
        if (!/^[A-Za-z0-9._-]+$/.test(file)) throw damaged(`${name} is not a signing key file name`);
        const body = await readAll();
        const target = path.join(opts.paths.signingKeyDir, file);
        const same = await sameContent(target, body);
        if (same === false && file.endsWith(".pkcs8.pem") && !force) {
          throw refuse(`${target} already holds a different signing key. Restore into an empty data folder, or pass --force to move the existing key aside (packages and checkpoints it signed then no longer verify against the local key).`);
        }
        if (same !== true) pendingFiles.push({ file: target, body, mode: (entry.header.mode ?? 0o600) & 0o644 });
      } else if (name === CHECKPOINT_MEMBER) {
        await endCopy();
        await fs.mkdir(path.dirname(opts.paths.checkpointFile), { recursive: true, mode: 0o700 });
        await pipeline(chunks(), createWriteStream(checkpointTmp, { mode: 0o600 }));
        checkpoints = true;
      } else {
        throw damaged(`unexpected member ${name}`);
      }
      if (name !== MANIFEST_MEMBER) seen.set(name, { sha256: hash.digest("hex"), size });
    }
    await reading;
    if (!header) throw damaged("it is empty");
    if (!manifest) throw damaged(`it ends before ${MANIFEST_MEMBER}: the file was cut short`);

    for (const [name, want] of Object.entries(manifest.members)) {
      const got = seen.get(name);
      if (!got) throw damaged(`${name}, listed in the manifest, is missing`);
      if (got.sha256 !== want.sha256 || got.size !== want.size) throw damaged(`${name}: SHA-256 ${got.sha256} (${got.size} bytes), the manifest says ${want.sha256} (${want.size} bytes)`);
    }
    for (const name of seen.keys()) if (!manifest.members[name]) throw damaged(`${name} is not in the manifest`);
    for (const t of header.tables) {
      if ((rowCounts.get(t.name) ?? 0) !== manifest.rowCounts[t.name]) throw damaged(`table ${t.name}: ${rowCounts.get(t.name) ?? 0} rows loaded, the manifest says ${manifest.rowCounts[t.name]}`);
    }
    if (checkpoints && !force) {
      const existing = await fs.readFile(opts.paths.checkpointFile).catch(() => null);
      if (existing && existing.length && !existing.equals(await fs.readFile(checkpointTmp))) {
        throw refuse(`${opts.paths.checkpointFile} already holds other checkpoints. Restore into an empty data folder, or pass --force to move it aside.`);
      }
    }

    // Sequences: never below what was handed out, nor below a restored row.
    const saved = new Map(header.sequences.map((s) => [`${s.table}.${s.column}`, s]));
    for (const s of await casebookSequences(client)) {
      const b = saved.get(`${s.table}.${s.column}`);
      const given = b ? BigInt(b.lastValue) - (b.isCalled ? 0n : 1n) : 0n;
      const { rows } = await client.query<{ max: string | null }>(`SELECT max(${ident(s.column)})::text AS max FROM ${ident(s.table)}`);
      const top = rows[0].max === null ? given : BigInt(rows[0].max) > given ? BigInt(rows[0].max) : given;
      if (top >= 1n) await client.query(`SELECT setval($1::regclass, $2::bigint, true)`, [s.sequence, top.toString()]);
      else await client.query(`SELECT setval($1::regclass, 1, false)`, [s.sequence]);
    }
    const rows = [...rowCounts.values()].reduce((a, b) => a + b, 0);
    // The restore records itself at the end of the log it has just loaded, in the same transaction:
    // the chain goes on from the backup's last event, and says who restored what, from which file.
    const recorded = await runBulkAction(
      client,
      recordRestoreAction,
      opts.actor ?? cliActor(),
      { file: path.basename(opts.file), backupCreatedAt: header.createdAt, tables: rowCounts.size, rows, evidenceFiles: blobs, force },
      { inOpenTransaction: true },
    );
    inTransaction = false;
    if (!recorded.ok) throw new AppError(recorded.error.code === "internal" ? "bad_input" : recorded.error.code, `The restore was rolled back: it could not be recorded in the audit log (${recorded.error.message}).`);
    log(`database: ${rowCounts.size} tables, ${rows.toLocaleString("en")} rows loaded and committed; evidence store: ${blobs} files checked`);

    await fs.mkdir(opts.paths.signingKeyDir, { recursive: true, mode: 0o700 });
    await fs.chmod(opts.paths.signingKeyDir, 0o700);
    for (const p of pendingFiles) {
      if ((await sameContent(p.file, p.body)) === false) await moveAside(p.file, log);
      await fs.writeFile(`${p.file}.tmp`, p.body, { mode: p.mode });
      await fs.chmod(`${p.file}.tmp`, p.mode);
      await fs.rename(`${p.file}.tmp`, p.file);
    }
    if (checkpoints) {
      const existing = await fs.readFile(opts.paths.checkpointFile).catch(() => null);
      if (existing && existing.length && !existing.equals(await fs.readFile(checkpointTmp))) await moveAside(opts.paths.checkpointFile, log);
      await fs.rename(checkpointTmp, opts.paths.checkpointFile);
    }
    await client.query("ANALYZE");
    const signingKey = Object.keys(manifest.members).some((m) => m.startsWith("signing/") && m.endsWith(".pkcs8.pem"));
    return { tables: rowCounts.size, rows, blobs, blobBytes, signingKey, checkpoints, ms: Date.now() - started };
  } catch (e) {
    // A failure of the file itself (gzip, tar) settles the read at once; anything else leaves it waiting.
    await Promise.race([reading.catch(() => {}), new Promise((r) => setTimeout(r, 50))]);
    extract.destroy();
    copy?.stream.destroy();
    if (inTransaction) await client.query("ROLLBACK").catch(() => {});
    const unreadable = readError as Error | null;
    if (unreadable && !(e instanceof AppError)) throw damaged(`it cannot be read as a gzipped tar archive (${unreadable.message}): it was cut short, or is not a Casebook backup`);
    throw e;
  } finally {
    await fs.rm(checkpointTmp, { force: true });
    await client.end().catch(() => {});
  }
}
