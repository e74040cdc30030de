// The one Prisma client. Built lazily so `next build` never needs a database. No "server-only"
// guard here: the CLI scripts (start, seed, import) share this client and the write path.
import { createHash } from "node:crypto";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "./generated/prisma/client";
import { databaseUrl, preparedStatementsOn } from "./env";

const globalForPrisma = globalThis as unknown as { casebookPrisma?: PrismaClient };

export function db(): PrismaClient {
  if (!globalForPrisma.casebookPrisma) {
    const prepared = preparedStatementsOn();
    globalForPrisma.casebookPrisma = new PrismaClient({
      adapter: new PrismaPg({ connectionString: databaseUrl() }, prepared ? { statementNameGenerator: statementNames() as (query: { sql: string }) => string } : undefined),
    });
  }
  return globalForPrisma.casebookPrisma;
}

export type Tx = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];

/** Closes the client's connections, for command-line scripts that end. */
export async function disconnectDb(): Promise<void> {
  await globalForPrisma.casebookPrisma?.$disconnect();
}

/**
 * Names for the statements a page runs again and again, so that each pooled connection parses and
 * plans them once (PostgreSQL keeps a named statement's plan for the session) instead of on every
 * request: under the load bench PostgreSQL spent more time planning than executing. A statement is
 * named from its third use, and at most MAX_NAMED are: SQL that varies (an IN list of each length,
 * one-off raw queries) stays unnamed, so no connection collects statements without end.
 * (The adapter's type wants a string; `pg` treats an undefined name as an unnamed statement.)
 */
export function statementNames(maxNamed = 300): (query: { sql: string }) => string | undefined {
  const seen = new Map<string, number>();
  const named = new Map<string, string>();
  return ({ sql }) => {
    const name = named.get(sql);
    if (name) return name;
    const n = (seen.get(sql) ?? 0) + 1;
    if (n < 3 || named.size >= maxNamed) {
      if (seen.size >= 10_000) seen.clear();
      seen.set(sql, n);
      return undefined;
    }
    seen.delete(sql);
    const fresh = `cb_${createHash("sha1").update(sql).digest("hex").slice(0, 20)}`;
    named.set(sql, fresh);
    return fresh;
  };
}
