// A case's first exchanges import gets a table of its own, loaded the fast way and then attached as
// the case's partition of `exchange` (LIST on "caseId", prisma/migrations/…_exchange_partitioned_by_case):
//   1. a table LIKE exchange, with a CHECK that every row is the case's, made and committed on its
//      own (exchange_load_<case>), then emptied again in the load's transaction so that
//      COPY … (FREEZE) may write the rows already frozen (no later vacuum rewrites them);
//   2. the rows COPYed in as the file is read (lib/ingest/read-file.ts, exchange-block.ts), no index
//      to keep up;
//   3. the exchange table's indexes built once on the loaded rows, its unique ones first: a
//      repeated exchange_id fails that build, and the file is then refused with the lines;
//   4. the rollups written from the tally kept while reading (lib/ingest/rollup-tally.ts);
//   5. last, ATTACH PARTITION under the partition's name: the CHECK proves the rows belong, so the
//      attach does not scan them; the foreign keys to the case and its accounts are checked once,
//      in one join each.
// Everything from step 2, the evidence item and the audit event commit together or not at all; a
// refused file's table is dropped, and a killed load's is replaced by the next one's.
// Later imports into the case go through the staging table and INSERT … SELECT
// (lib/ingest/staging.ts), into this partition.
//
// Identifiers and the case id in DDL (which takes no parameters) are quoted by the driver's
// escapeIdentifier / escapeLiteral; the case id is Casebook's own, never a file's. File data only
// ever travels as COPY data.
import { createHash } from "node:crypto";
import type pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import { env } from "../env";
import { copyLine } from "./copy-text";
import { FRESH_COLUMNS } from "./exchange-block";
import type { TTalliedRollups } from "./rollup-tally";

/** The partition's name: readable for Casebook's own ids, a digest for anything else. */
export function partitionName(caseId: string): string {
  return `exchange_case_${caseKey(caseId)}`;
}

/** The table a first import loads, before it becomes the partition (backups skip it: it is empty
 *  but while a load runs, or after a load was killed, until the next one takes its place). */
export function loadTableName(caseId: string): string {
  return `exchange_load_${caseKey(caseId)}`;
}

/** The case's part of the names: its id when short and plain (a cuid: 25 characters), else a digest;
 *  either way its index names stay within PostgreSQL's 63 bytes. */
function caseKey(caseId: string) {
  return /^[a-z0-9]{1,25}$/.test(caseId) ? caseId : createHash("sha256").update(caseId).digest("hex").slice(0, 24);
}

/** True when the case has no exchange anywhere and no partition yet: its import may load fresh. */
export async function canLoadFresh(client: pg.ClientBase, caseId: string): Promise<boolean> {
  const { rows } = await client.query<{ fresh: boolean }>(
    `SELECT to_regclass($1) IS NULL AND NOT EXISTS (SELECT 1 FROM exchange WHERE "caseId" = $2) AS fresh`,
    [client.escapeIdentifier(partitionName(caseId)), caseId],
  );
  return rows[0].fresh;
}

/** Session settings for the index builds of this transaction only; the server's durability settings stay as they are. */
export async function loadSettings(client: pg.ClientBase) {
  await client.query(`SELECT set_config('maintenance_work_mem', $1, true)`, [env().CASEBOOK_IMPORT_MAINTENANCE_MEM]);
}

/**
 * Step 1, before the load's transaction: the table, made and committed on its own, so that the
 * long transaction after holds no lock on the exchange table until its last moments (LIKE would
 * hold one to its end, and every DDL on exchange would queue behind the load). A table left by a
 * killed load goes first.
 */
export async function prepareFreshTable(client: pg.ClientBase, caseId: string) {
  const table = client.escapeIdentifier(loadTableName(caseId));
  await client.query(`DROP TABLE IF EXISTS ${table}`);
  await client.query(`CREATE TABLE ${table} (LIKE exchange INCLUDING DEFAULTS)`);
  await client.query(`ALTER TABLE ${table} ADD CONSTRAINT ${client.escapeIdentifier(`${partitionName(caseId)}_case`)} CHECK ("caseId" = ${client.escapeLiteral(caseId)})`);
  return table;
}

/** Step 1 again, inside the load's transaction: emptied there, so that COPY … (FREEZE) is allowed. */
export async function beginFreshLoad(client: pg.ClientBase, caseId: string) {
  const table = client.escapeIdentifier(loadTableName(caseId));
  await loadSettings(client);
  await client.query(`TRUNCATE ${table}`);
  return { table, copy: `COPY ${table} (${FRESH_COLUMNS.map((c) => `"${c}"`).join(", ")}) FROM STDIN WITH (FREEZE)` };
}

/** After a refused or failed load: its empty table goes. */
export async function dropLoadTable(client: pg.ClientBase, caseId: string) {
  await client.query(`DROP TABLE IF EXISTS ${client.escapeIdentifier(loadTableName(caseId))}`);
}

type TIndexDef = { name: string; def: string; unique: boolean; constraint: "p" | "u" | null };

/** The exchange table's indexes, as the catalog has them: the partition gets each, so the attach only links them. */
async function parentIndexes(client: pg.ClientBase): Promise<TIndexDef[]> {
  const { rows } = await client.query<TIndexDef>(`
    SELECT i.relname AS name, pg_get_indexdef(i.oid) AS def, x.indisunique AS unique, c.contype AS constraint
      FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid
      LEFT JOIN pg_constraint c ON c.conindid = i.oid AND c.conrelid = x.indrelid
     WHERE x.indrelid = 'exchange'::regclass
     ORDER BY x.indisunique DESC, i.relname`);
  if (rows.length === 0) throw new Error("the exchange table has no index: the schema is not what the loader expects");
  return rows;
}

/**
 * The partition's copy of a parent index, named as PostgreSQL names the copies it makes itself (a
 * restore builds them so: lib/backup/restore.ts): the partition, the columns, "idx" (the key's
 * "pkey"). The names fit in 63 bytes (caseKey).
 */
function indexName(partition: string, parentIndex: string): string {
  return `"${partition}_${parentIndex.replace(/^exchange_/, "").replace(/_key$/, "_idx")}"`;
}

/** Thrown when a unique index cannot be built: ids repeat in the file. */
export class RepeatedIdsError extends Error {}

/**
 * Step 3: every index of the exchange table, unique ones first. A repeated (case, exchange_id)
 * fails the first build; the caller finds which ids with repeatedIds() after rolling back to
 * the savepoint this sets.
 */
export async function buildIndexes(client: pg.ClientBase, caseId: string, onStep?: (done: number, of: number) => void) {
  const table = client.escapeIdentifier(loadTableName(caseId));
  const defs = await parentIndexes(client);
  for (const [i, d] of defs.entries()) {
    onStep?.(i, defs.length);
    const m = /^CREATE (UNIQUE )?INDEX \S+ ON (?:ONLY )?\S+ (USING .+)$/.exec(d.def);
    if (!m) throw new Error(`cannot read the definition of index ${d.name}: ${d.def}`);
    if (d.unique) await client.query("SAVEPOINT unique_build");
    try {
      const name = indexName(partitionName(caseId), d.name);
      await client.query(`CREATE ${m[1] ?? ""}INDEX ${name} ON ${table} ${m[2]}`);
      if (d.constraint === "p") await client.query(`ALTER TABLE ${table} ADD PRIMARY KEY USING INDEX ${name}`);
      else if (d.constraint === "u") await client.query(`ALTER TABLE ${table} ADD UNIQUE USING INDEX ${name}`);
    } catch (e) {
      if (d.unique && (e as { code?: string }).code === "23505") {
        await client.query("ROLLBACK TO SAVEPOINT unique_build");
        throw new RepeatedIdsError((e as Error).message);
      }
      throw e;
    }
    if (d.unique) await client.query("RELEASE SAVEPOINT unique_build");
  }
  onStep?.(defs.length, defs.length);
}

/** The exchange ids the file repeats (in the order they first appear), up to `keep`, and how many extra lines they make. */
export async function repeatedIds(client: pg.ClientBase, caseId: string, keep: number): Promise<{ ids: string[]; extra: number }> {
  const { rows } = await client.query<{ id: string; total: string }>(
    `SELECT "externalId" AS id, sum(count(*) - 1) OVER () AS total FROM ${client.escapeIdentifier(loadTableName(caseId))} GROUP BY 1 HAVING count(*) > 1 ORDER BY min(id) LIMIT $1`,
    [keep],
  );
  return { ids: rows.map((r) => r.id), extra: rows.length ? Number(rows[0].total) : 0 };
}

/** The planner's statistics of the loaded rows, before the pages read them. */
export async function analyzeTable(client: pg.ClientBase, caseId: string) {
  await client.query(`ANALYZE ${client.escapeIdentifier(loadTableName(caseId))}`);
}

/**
 * Step 4, the last before the commit: the table takes the partition's name and becomes the case's
 * partition. Its CHECK proves the rows belong, so the attach does not scan them; it does scan the
 * DEFAULT partition, and holds it locked to the commit, which follows at once.
 */
export async function attachPartition(client: pg.ClientBase, caseId: string) {
  const table = client.escapeIdentifier(partitionName(caseId));
  await client.query(`ALTER TABLE ${client.escapeIdentifier(loadTableName(caseId))} RENAME TO ${table}`);
  await client.query(`ALTER TABLE exchange ATTACH PARTITION ${table} FOR VALUES IN (${client.escapeLiteral(caseId)})`);
  await client.query(`ALTER TABLE ${table} DROP CONSTRAINT ${client.escapeIdentifier(`${partitionName(caseId)}_case`)}`);
}

async function copyRows(client: pg.ClientBase, sql: string, lines: Iterable<string>) {
  const stream = client.query(copyFrom(sql));
  const done = new Promise<void>((resolve, reject) => {
    stream.on("finish", resolve);
    stream.on("error", reject);
  });
  let buf = "";
  for (const line of lines) {
    buf += line;
    if (buf.length >= 256 * 1024) {
      if (!stream.write(buf)) await new Promise((r) => stream.once("drain", r));
      buf = "";
    }
  }
  stream.end(buf);
  await done;
}

function* map<T>(xs: Iterable<T>, f: (x: T) => string) {
  for (const x of xs) yield f(x);
}

/**
 * Step 5: the case's rollups from the tally. The case had no exchange, so its accounts have no
 * per-day or per-account rows yet: those go in by COPY, in key order. The per-day figures and the
 * totals add to what the accounts import wrote (accounts created per day, the account count).
 */
export async function writeTalliedRollups(client: pg.ClientBase, caseId: string, t: TTalliedRollups) {
  await copyRows(
    client,
    `COPY account_day_rollup ("accountId", day, "caseId", exchanges, "promptTokens", "completionTokens") FROM STDIN`,
    map(t.accountDays, (r) => copyLine([r.accountId, r.day, caseId, r.exchanges, r.promptTokens, r.completionTokens])),
  );
  await copyRows(
    client,
    `COPY account_rollup ("accountId", "caseId", exchanges, "firstSeen", "lastSeen") FROM STDIN`,
    map(t.accounts, (r) => copyLine([r.accountId, caseId, r.exchanges, r.firstSeen, r.lastSeen])),
  );
  await client.query(
    `INSERT INTO exchange_day_rollup ("caseId", day, model, exchanges, samples, "promptTokens", "completionTokens")
     SELECT $1, d.day, d.model, d.exchanges, d.samples, d.pt, d.ct
       FROM unnest($2::date[], $3::text[], $4::int[], $5::int[], $6::bigint[], $7::bigint[]) AS d(day, model, exchanges, samples, pt, ct)
     ON CONFLICT ("caseId", day, model) DO UPDATE SET
       exchanges = exchange_day_rollup.exchanges + EXCLUDED.exchanges, samples = exchange_day_rollup.samples + EXCLUDED.samples,
       "promptTokens" = exchange_day_rollup."promptTokens" + EXCLUDED."promptTokens",
       "completionTokens" = exchange_day_rollup."completionTokens" + EXCLUDED."completionTokens"`,
    [caseId, ...["day", "model", "exchanges", "samples", "promptTokens", "completionTokens"].map((k) => t.dayModels.map((d) => String(d[k as keyof typeof d])))],
  );
  await client.query(
    `INSERT INTO case_day_rollup ("caseId", day, "activeAccounts")
     SELECT $1, d.day, d.n FROM unnest($2::date[], $3::int[]) AS d(day, n)
     ON CONFLICT ("caseId", day) DO UPDATE SET "activeAccounts" = case_day_rollup."activeAccounts" + EXCLUDED."activeAccounts"`,
    [caseId, t.activeByDay.map((d) => d.day), t.activeByDay.map((d) => d.accounts)],
  );
  const x = t.total;
  await client.query(
    `INSERT INTO case_rollup ("caseId", exchanges, samples, "promptTokens", "completionTokens", "firstExchangeAt", "lastExchangeAt")
     VALUES ($1, $2, $3, $4, $5, $6::timestamp(3), $7::timestamp(3))
     ON CONFLICT ("caseId") DO UPDATE SET
       exchanges = case_rollup.exchanges + EXCLUDED.exchanges, samples = case_rollup.samples + EXCLUDED.samples,
       "promptTokens" = case_rollup."promptTokens" + EXCLUDED."promptTokens",
       "completionTokens" = case_rollup."completionTokens" + EXCLUDED."completionTokens",
       "firstExchangeAt" = least(case_rollup."firstExchangeAt", EXCLUDED."firstExchangeAt"),
       "lastExchangeAt" = greatest(case_rollup."lastExchangeAt", EXCLUDED."lastExchangeAt")`,
    [caseId, x.exchanges, x.samples, x.promptTokens, x.completionTokens, x.first?.toISOString() ?? null, x.last?.toISOString() ?? null],
  );
}
