import { reader } from "../access";
import type { TSessionUser } from "../session";

/** The caller's own tokens (never the hash). */
export async function listOwnTokens(user: TSessionUser) {
  const rows = await reader(user).apiToken.findMany({ where: { userId: user.id }, orderBy: { createdAt: "desc" } });
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
