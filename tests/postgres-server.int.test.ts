// The suite runs against what CASEBOOK_TEST_PG names (tests/integration-global.ts), and Casebook
// copes with each: the embedded PostgreSQL 18, the lowest version it supports, and PgBouncer 1.18
// in transaction mode, which it must notice by itself from DATABASE_URL and DATABASE_DIRECT_URL.
// The PgBouncer checks exist only where there is a PgBouncer; each says so in its name.
import pg from "pg";
import { afterEach, describe, expect, inject, it } from "vitest";
import { db } from "../lib/db";
import { sessionUrlFor } from "../lib/db/session-url";
import { preparedStatementsOn } from "../lib/env";
import { queryOnce } from "./pg";

const mode = inject("testPg");
const url = inject("databaseUrl");
const open: pg.Client[] = [];

async function client(connectionString = url): Promise<pg.Client> {
  const c = new pg.Client({ connectionString });
  await c.connect();
  open.push(c);
  return c;
}

afterEach(async () => {
  for (const c of open.splice(0)) await c.end().catch(() => {});
});

const backend = async (c: pg.Client) => (await c.query<{ pid: number }>("SELECT pg_backend_pid() AS pid")).rows[0].pid;

describe(`the suite's PostgreSQL (CASEBOOK_TEST_PG=${mode})`, () => {
  it("is the server version the mode names", async () => {
    const [{ v }] = await queryOnce<{ v: number }>(url, "SELECT current_setting('server_version_num')::int AS v");
    expect(Math.floor(v / 10000)).toBe(mode === "pg15" ? 15 : 18);
  });

  it("names the statements it repeats exactly when DATABASE_URL reaches PostgreSQL itself", async () => {
    expect(preparedStatementsOn()).toBe(mode !== "pgbouncer");
    // Many at once, again and again: through a pooler that cannot keep named statements, one
    // named on one server connection and run again on another would fail.
    for (let round = 0; round < 4; round++) {
      const counts = await Promise.all(Array.from({ length: 40 }, () => db().capability.count()));
      expect(new Set(counts).size).toBe(1);
    }
    if (mode === "pgbouncer") return;
    // One session throughout (the pool hands back its last client): the repeated count is named there.
    const named = await db().$queryRaw<{ name: string }[]>`SELECT name FROM pg_prepared_statements WHERE left(name, 3) = 'cb_'`;
    expect(named.length).toBeGreaterThan(0);
  });
});

// Declared only in the PgBouncer run: elsewhere there is no pooler, and no test to report as skipped.
if (mode === "pgbouncer") {
  describe("through PgBouncer in transaction mode (CASEBOOK_TEST_PG=pgbouncer only)", () => {
    it("is PgBouncer, pooling by transaction", async () => {
      const admin = await client(inject("poolerAdminUrl"));
      const config = Object.fromEntries((await admin.query<{ key: string; value: string }>("SHOW CONFIG")).rows.map((r) => [r.key, r.value]));
      expect(config.pool_mode).toBe("transaction");
      const version = (await admin.query("SHOW VERSION")).rows[0];
      expect(Object.values(version).join(" ")).toMatch(/PgBouncer 1\.\d+/);
    });

    it("hands a client's server connection to another client between two transactions", async () => {
      const a = await client();
      const b = await client();
      const first = await backend(a);
      await b.query("BEGIN");
      // The connection `a` just used is idle in the pool, and the pool reuses the latest first.
      expect(await backend(b)).toBe(first);
      expect(await backend(a), "a's next statement runs on another server connection").not.toBe(first);
      await b.query("COMMIT");
    });

    it("loses a named statement between transactions, which is why Casebook names none here", async () => {
      const a = await client();
      const b = await client();
      await a.query({ name: "once", text: "SELECT 1 AS one" });
      await b.query("BEGIN");
      await b.query("SELECT 1"); // b now holds the connection `once` was prepared on
      await expect(a.query({ name: "once", text: "SELECT 1 AS one" })).rejects.toThrow(/prepared statement "once" does not exist/);
      await b.query("COMMIT");
      expect(preparedStatementsOn()).toBe(false);
    });

    it("sends session work (migrations, backups, the worker's LISTEN, an import) to the server itself", async () => {
      expect(process.env.DATABASE_DIRECT_URL).toBe(inject("databaseDirectUrl"));
      expect(sessionUrlFor(url)).toBe(inject("databaseDirectUrl"));
      const direct = await client(inject("databaseDirectUrl"));
      const pid = await backend(direct);
      await direct.query("SELECT 1");
      expect(await backend(direct), "a direct connection keeps its session").toBe(pid);
    });
  });
}
