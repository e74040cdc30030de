// The migrations folder, applied the way `npm start` applies it, builds exactly the schema that
// schema.prisma describes: same tables, columns, types, defaults, indexes, keys and enums. So does
// the snapshot the next migration is diffed from (lib/platform/schema-at-last-migration.prisma):
// a snapshot left behind would put the last migration's changes into the next one again.
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { describe, expect, inject, it } from "vitest";
import { diffSchemas, loadSchemaEngine } from "../lib/platform/schema-engine";
import { queryOnce } from "./pg";

// Partitions are set aside (Prisma cannot describe partitioning; each case's partition is made by
// the importer, and the migrations add a DEFAULT one), and an index on a partitioned table, which
// PostgreSQL prints as "ON ONLY", compares as the same index on a plain table. So are the indexes
// on an expression, which Prisma cannot describe either: the migrations write them by hand, and
// HAND_WRITTEN checks each one is there as written.
const PARTITION = `(SELECT c.relname FROM pg_class c WHERE c.relispartition)`;
const HAND_WRITTEN: Record<string, string> = {
  // The draw's order (prisma/migrations/…_exchange_draw_key, lib/analysis/sampling.ts).
  exchange_casebook_draw_key_idx: `CREATE INDEX exchange_casebook_draw_key_idx ON ONLY public.exchange USING btree (casebook_draw_key("externalId"))`,
  // Failed sign-ins of the last minutes, counted by /metrics (…_sign_in_failure_index, lib/ops/snapshot.ts).
  audit_event_sign_in_failed_at_idx: `CREATE INDEX audit_event_sign_in_failed_at_idx ON public.audit_event USING btree (at) WHERE (action = 'auth.signInFailed'::text)`,
};
const HAND_WRITTEN_NAMES = `(${Object.keys(HAND_WRITTEN).map((n) => `'${n}'`).join(", ")})`;
const CATALOG = `
  SELECT 'column' AS kind, table_name || '.' || column_name AS name,
         concat_ws(' ', data_type, udt_name, is_nullable, column_default, character_maximum_length::text, numeric_precision::text, datetime_precision::text) AS def
    FROM information_schema.columns WHERE table_schema = 'public' AND table_name <> '_prisma_migrations' AND table_name NOT IN ${PARTITION}
  UNION ALL
  SELECT 'index', indexname, replace(indexdef, ' ON ONLY ', ' ON ') FROM pg_indexes
   WHERE schemaname = 'public' AND tablename <> '_prisma_migrations' AND tablename NOT IN ${PARTITION} AND indexname NOT IN ${HAND_WRITTEN_NAMES}
  UNION ALL
  SELECT 'constraint', conrelid::regclass::text || '.' || conname, pg_get_constraintdef(oid)
    FROM pg_constraint WHERE connamespace = 'public'::regnamespace AND conrelid::regclass::text <> '_prisma_migrations'
     AND conrelid::regclass::text NOT IN ${PARTITION} AND conparentid = 0
  UNION ALL
  SELECT 'enum', t.typname, string_agg(e.enumlabel, ',' ORDER BY e.enumsortorder)
    FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid GROUP BY t.typname
  ORDER BY 1, 2`;

const catalog = (url: string) => queryOnce(url, CATALOG);

let engine: Awaited<ReturnType<typeof loadSchemaEngine>> | undefined;

describe("migrations", () => {
  it("make the indexes Prisma cannot describe, as written", async () => {
    const rows = await queryOnce<{ indexname: string; indexdef: string }>(inject("databaseUrl"), `SELECT indexname, indexdef FROM pg_indexes WHERE indexname IN ${HAND_WRITTEN_NAMES}`);
    expect(Object.fromEntries(rows.map((r) => [r.indexname, r.indexdef]))).toEqual(HAND_WRITTEN);
  });

  it.each(["prisma/schema.prisma", "lib/platform/schema-at-last-migration.prisma"])("produce the database that %s describes", async (file) => {
    const url = inject("databaseUrl");
    // One engine a process: a second instance of the WASM module breaks the first.
    engine ??= await loadSchemaEngine(url, path.resolve("prisma/schema.prisma"));
    const sql = await diffSchemas(engine, null, readFileSync(path.resolve(file), "utf8"));
    expect(sql).toMatch(/CREATE TABLE "audit_event"/);

    const name = `fresh_${randomUUID().replace(/-/g, "").slice(0, 12)}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    const freshUrl = url.replace(/\/[^/?]+(\?|$)/, `/${name}$1`);
    try {
      const fresh = new pg.Client({ connectionString: freshUrl });
      await fresh.connect();
      await fresh.query(sql);
      await fresh.end();
      expect(await catalog(url)).toEqual(await catalog(freshUrl));
    } finally {
      await admin.query(`DROP DATABASE ${name} WITH (FORCE)`);
      await admin.end();
    }
  });
});
