// The migrations folder, applied the way `npm start` applies it, builds exactly the schema that
// schema.prisma describes: same tables, columns, types, defaults, indexes, keys and enums.
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { describe, expect, inject, it } from "vitest";
import { diffSchemas, loadSchemaEngine } from "../lib/db/schema-engine";
import { queryOnce } from "./pg";

const CATALOG = `
  SELECT 'column' AS kind, table_name || '.' || column_name AS name,
         concat_ws(' ', data_type, udt_name, is_nullable, column_default, character_maximum_length::text, numeric_precision::text, datetime_precision::text) AS def
    FROM information_schema.columns WHERE table_schema = 'public' AND table_name <> '_prisma_migrations'
  UNION ALL
  SELECT 'index', indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename <> '_prisma_migrations'
  UNION ALL
  SELECT 'constraint', conrelid::regclass::text || '.' || conname, pg_get_constraintdef(oid)
    FROM pg_constraint WHERE connamespace = 'public'::regnamespace AND conrelid::regclass::text <> '_prisma_migrations'
  UNION ALL
  SELECT 'enum', t.typname, string_agg(e.enumlabel, ',' ORDER BY e.enumsortorder)
    FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid GROUP BY t.typname
  ORDER BY 1, 2`;

const catalog = (url: string) => queryOnce(url, CATALOG);

describe("migrations", () => {
  it("produce the database that schema.prisma describes", async () => {
    const url = inject("databaseUrl");
    const schemaPath = path.resolve("prisma/schema.prisma");
    const engine = await loadSchemaEngine(url, schemaPath);
    const sql = await diffSchemas(engine, null, readFileSync(schemaPath, "utf8"));

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
