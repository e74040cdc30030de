// Resolves a request's bearer token to its user: unknown, revoked, expired tokens and disabled
// users all get the same 401, so nothing about other tokens leaks.
import type { TRole } from "../authz";
import { db } from "../db";
import { AppError } from "../errors";
import type { TSessionUser } from "../session";
import { bearerToken, hashToken } from "./token";

export async function userFromBearer(header: string | null): Promise<TSessionUser> {
  const token = bearerToken(header);
  if (!token) throw new AppError("unauthenticated", "Send an API token: `Authorization: Bearer cb_…`.");
  const row = await db().apiToken.findUnique({ where: { tokenHash: hashToken(token) }, include: { user: true } });
  const now = new Date();
  if (!row || row.revokedAt || (row.expiresAt && row.expiresAt < now) || row.user.disabled) {
    throw new AppError("unauthenticated", "This API token is not valid (unknown, revoked or expired).");
  }
  // Last-used time to the minute is enough, and spares a write per request.
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > 60_000) {
    await db().apiToken.update({ where: { id: row.id }, data: { lastUsedAt: now } });
  }
  const u = row.user;
  return { id: u.id, email: u.email, name: u.name, role: u.role as TRole, disabled: u.disabled };
}
