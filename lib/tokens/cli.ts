// Token reads for the command line, where whoever runs it already holds the database (no session).
import { db } from "../db";

/** Every token, or one person's, for an admin on the command line (never the hash). */
export async function listTokensForCli(email?: string) {
  return db().apiToken.findMany({
    where: email ? { user: { email: email.toLowerCase() } } : {},
    orderBy: { createdAt: "desc" },
    select: { prefix: true, name: true, createdAt: true, lastUsedAt: true, expiresAt: true, revokedAt: true, user: { select: { email: true } } },
  });
}
