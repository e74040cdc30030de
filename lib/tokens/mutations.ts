// API tokens a person makes and revokes for themself in Settings (an admin may act for anyone).
// The token is shown once, in the result; only its hash is stored or audited.
import { z } from "zod";
import { defineAction } from "../action";
import { AppError, notFound } from "../errors";
import { newToken } from "./token";

export const ZCreateTokenInput = z.object({
  name: z.string().trim().min(1, "Name the token after what will use it, e.g. “detection pipeline”.").max(100, "Keep the name under 100 characters."),
  expiresInDays: z.coerce.number().int().min(1, "Expiry must be 1 to 365 days, or none.").max(365, "Expiry must be 1 to 365 days, or none.").nullable().default(90),
});

export const createTokenAction = defineAction({
  name: "token.create",
  input: ZCreateTokenInput,
  permission: "token.manageOwn",
  async run({ tx, input, user }) {
    const active = await tx.apiToken.count({ where: { userId: user.id, revokedAt: null } });
    if (active >= 20) throw new AppError("conflict", "You already have 20 active tokens; revoke one you no longer use first.");
    const t = newToken();
    const expiresAt = input.expiresInDays ? new Date(Date.now() + input.expiresInDays * 86_400_000) : null;
    const row = await tx.apiToken.create({ data: { userId: user.id, name: input.name, prefix: t.prefix, tokenHash: t.hash, expiresAt } });
    return {
      result: { id: row.id, token: t.token, prefix: t.prefix, name: row.name, expiresAt: expiresAt?.toISOString() ?? null },
      audit: { entityType: "api_token", entityId: row.id, caseId: null, data: { name: row.name, prefix: t.prefix, expiresAt: expiresAt?.toISOString() ?? null } },
    };
  },
});

export const revokeTokenAction = defineAction({
  name: "token.revoke",
  input: z.object({ tokenId: z.string().min(1) }),
  permission: "token.manageOwn",
  async run({ tx, input, user }) {
    const row = await tx.apiToken.findUnique({ where: { id: input.tokenId } });
    // Someone else's token is "not found" unless you are an admin.
    if (!row || (row.userId !== user.id && user.role !== "admin")) throw notFound("That token");
    const updated = row.revokedAt ? row : await tx.apiToken.update({ where: { id: row.id }, data: { revokedAt: new Date() } });
    return { result: { id: updated.id, revokedAt: updated.revokedAt!.toISOString() }, audit: { entityType: "api_token", entityId: row.id, caseId: null, data: { prefix: row.prefix, owner: row.userId } } };
  },
});
