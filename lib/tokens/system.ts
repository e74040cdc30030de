// Token administration for the CLI (a person creates tokens for themself in the UI; an admin at
// the console for anyone). Audited as "cli".
import os from "node:os";
import { appendAuditEvent } from "../audit/append";
import { db } from "../db";
import { AppError } from "../errors";
import { newToken } from "./token";

const cliActor = () => `cli (${os.userInfo().username}@${os.hostname()})`;

export async function createTokenFromCli(email: string, name: string) {
  if (!name.trim()) throw new AppError("bad_input", "Give the token a name (--name), e.g. the pipeline that will use it.");
  return db().$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { email: email.toLowerCase() } });
    if (!user || user.disabled) throw new AppError("not_found", `No active user has the email ${email}.`);
    const t = newToken();
    const row = await tx.apiToken.create({ data: { userId: user.id, name: name.trim(), prefix: t.prefix, tokenHash: t.hash } });
    await appendAuditEvent(tx, { actorId: null, actorLabel: cliActor(), action: "token.create", caseId: null, entityType: "api_token", entityId: row.id, data: { user: user.email, name: row.name, prefix: t.prefix } });
    return { token: t.token, prefix: t.prefix, user: user.email };
  });
}

export async function listTokensFromCli(email?: string) {
  return db().apiToken.findMany({
    where: email ? { user: { email: email.toLowerCase() } } : {},
    orderBy: { createdAt: "desc" },
    select: { prefix: true, name: true, createdAt: true, lastUsedAt: true, revokedAt: true, user: { select: { email: true } } },
  });
}

export async function revokeTokenFromCli(prefix: string) {
  return db().$transaction(async (tx) => {
    const row = await tx.apiToken.findFirst({ where: { prefix } });
    if (!row) throw new AppError("not_found", `No token has the prefix ${prefix}.`);
    if (row.revokedAt) return row;
    const updated = await tx.apiToken.update({ where: { id: row.id }, data: { revokedAt: new Date() } });
    await appendAuditEvent(tx, { actorId: null, actorLabel: cliActor(), action: "token.revoke", caseId: null, entityType: "api_token", entityId: row.id, data: { prefix } });
    return updated;
  });
}
