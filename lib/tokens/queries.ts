import { db } from "../db";
import type { TSessionUser } from "../session";

/** The caller's own tokens (never the hash). */
export async function listOwnTokens(user: TSessionUser) {
  const rows = await db().apiToken.findMany({ where: { userId: user.id }, orderBy: { createdAt: "desc" } });
  return rows.map((t) => ({
    id: t.id,
    name: t.name,
    prefix: t.prefix,
    createdAt: t.createdAt.toISOString(),
    lastUsedAt: t.lastUsedAt?.toISOString() ?? null,
    expiresAt: t.expiresAt?.toISOString() ?? null,
    revokedAt: t.revokedAt?.toISOString() ?? null,
  }));
}

/** Every token, or one person's, for an admin at the console (never the hash). */
export async function listTokensForConsole(email?: string) {
  return db().apiToken.findMany({
    where: email ? { user: { email: email.toLowerCase() } } : {},
    orderBy: { createdAt: "desc" },
    select: { prefix: true, name: true, createdAt: true, lastUsedAt: true, expiresAt: true, revokedAt: true, user: { select: { email: true } } },
  });
}
