// What the backup and the restore ask PostgreSQL about Casebook's own schema (`public`): its tables
// and their stored columns, the foreign keys between them, and the sequences behind serial and
// identity columns. A partitioned table (exchange) is one table here: its partitions are where
// PostgreSQL keeps its rows, and a restore's COPY into it puts each row back in one. `_prisma_migrations` is not data: the header records it and the restore
// re-creates it by applying the same migrations.
import type pg from "pg";
import { loadOrder } from "./format";

export const MIGRATIONS_TABLE = "_prisma_migrations";

export type TTableInfo = { name: string; columns: string[] };

export async function casebookTables(client: pg.ClientBase): Promise<{ tables: TTableInfo[]; cyclic: string[] }> {
  const cols = await client.query<{ table: string; column: string }>(
    `SELECT c.relname AS table, a.attname AS column
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = ''
      WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT c.relispartition AND c.relname <> $1
        AND c.relname NOT LIKE 'exchange\_load\_%' -- a first import's table before it is attached: empty to anyone else (lib/ingest/partition.ts)
      ORDER BY c.relname, a.attnum`,
    [MIGRATIONS_TABLE],
  );
  const columns = new Map<string, string[]>();
  for (const r of cols.rows) columns.set(r.table, [...(columns.get(r.table) ?? []), r.column]);
  const refs = await client.query<{ from: string; to: string }>(
    `SELECT src.relname AS from, dst.relname AS to
       FROM pg_constraint k
       JOIN pg_class src ON src.oid = k.conrelid JOIN pg_namespace n ON n.oid = src.relnamespace
       JOIN pg_class dst ON dst.oid = k.confrelid
      WHERE k.contype = 'f' AND n.nspname = 'public' AND NOT src.relispartition AND NOT dst.relispartition`,
  );
  const { order, cyclic } = loadOrder([...columns.keys()], refs.rows);
  return { tables: order.map((name) => ({ name, columns: columns.get(name)! })), cyclic };
}

export async function casebookSequences(client: pg.ClientBase): Promise<Array<{ table: string; column: string; sequence: string }>> {
  const { rows } = await client.query<{ table: string; column: string; sequence: string }>(
    `SELECT t.relname AS table, a.attname AS column, s.oid::regclass::text AS sequence
       FROM pg_class s
       JOIN pg_depend d ON d.objid = s.oid AND d.classid = 'pg_class'::regclass AND d.refclassid = 'pg_class'::regclass AND d.deptype IN ('a', 'i')
       JOIN pg_class t ON t.oid = d.refobjid JOIN pg_namespace n ON n.oid = t.relnamespace
       JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = d.refobjsubid
      WHERE s.relkind = 'S' AND n.nspname = 'public'
      ORDER BY t.relname, a.attname`,
  );
  return rows;
}

export async function appliedMigrations(client: pg.ClientBase): Promise<Array<{ name: string; checksum: string }>> {
  const exists = await client.query(`SELECT to_regclass('public.${MIGRATIONS_TABLE}') IS NOT NULL AS yes`);
  if (!exists.rows[0].yes) return [];
  const { rows } = await client.query<{ name: string; checksum: string }>(
    `SELECT migration_name AS name, checksum FROM "${MIGRATIONS_TABLE}" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL ORDER BY migration_name`,
  );
  return rows;
}

export async function isSuperuser(client: pg.ClientBase): Promise<boolean> {
  const { rows } = await client.query<{ yes: boolean }>(`SELECT rolsuper AS yes FROM pg_roles WHERE rolname = current_user`);
  return Boolean(rows[0]?.yes);
}

/** The session settings both ends use, so COPY text means the same on the way out and back in. */
export async function fixSessionFormat(client: pg.ClientBase): Promise<void> {
  await client.query(`SET client_encoding = 'UTF8'; SET DateStyle = 'ISO, YMD'; SET TimeZone = 'UTC'; SET IntervalStyle = 'postgres'; SET extra_float_digits = 3`);
}

export const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** The case ids that have a partition of exchange of their own (LIST partitions; not the DEFAULT one). */
export async function exchangePartitionCases(client: pg.ClientBase): Promise<string[]> {
  const { rows } = await client.query<{ bound: string }>(
    `SELECT pg_get_expr(c.relpartbound, c.oid) AS bound FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
      WHERE i.inhparent = 'public.exchange'::regclass AND NOT c.relpartbound IS NULL ORDER BY c.relname`,
  );
  const ids: string[] = [];
  for (const r of rows) {
    if (r.bound === "DEFAULT") continue;
    const m = /^FOR VALUES IN \('((?:[^']|'')*)'\)$/.exec(r.bound);
    if (!m) throw new Error(`an exchange partition has a bound this backup cannot record: ${r.bound}`);
    ids.push(m[1].replace(/''/g, "'"));
  }
  return ids;
}
