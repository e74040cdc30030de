// The one Prisma client. Built lazily so `next build` never needs a database. No "server-only"
// guard here: the CLI scripts (start, seed, import) share this client and the write path.
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "./generated/prisma/client";
import { databaseUrl } from "./env";

const globalForPrisma = globalThis as unknown as { casebookPrisma?: PrismaClient };

export function db(): PrismaClient {
  if (!globalForPrisma.casebookPrisma) {
    globalForPrisma.casebookPrisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: databaseUrl() }) });
  }
  return globalForPrisma.casebookPrisma;
}

export type Tx = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];

/** Closes the client's connections, for command-line scripts that end. */
export async function disconnectDb(): Promise<void> {
  await globalForPrisma.casebookPrisma?.$disconnect();
}
