// One SQL statement, two ways to run it: on a Prisma transaction, or on a raw `pg` client (the
// bulk importer's own connection, which holds its TEMP staging table). Writers that both must use
// (the audit appender, the evidence writer, the job runner's state changes) are written once
// against this. Statements are Prisma.sql templates: values always travel as parameters.
//
// Timestamps: pass them as ISO strings cast in SQL (`${d.toISOString()}::timestamp(3)`), and read
// them back as text. `pg` would send and parse Dates in the process's local zone, Prisma in UTC;
// text is the same on both.
import type pg from "pg";
import { Prisma } from "../generated/prisma/client";
import type { Tx } from "../db";

export { Prisma };

export type TSql = {
  query<T = Record<string, unknown>>(statement: Prisma.Sql): Promise<T[]>;
};

export function onPrisma(tx: Pick<Tx, "$queryRaw">): TSql {
  return { query: <T>(statement: Prisma.Sql) => tx.$queryRaw<T[]>(statement) };
}

export function onPg(client: Pick<pg.ClientBase, "query">): TSql {
  return { query: async <T>(statement: Prisma.Sql) => (await client.query(statement.text, statement.values)).rows as T[] };
}
