// API tokens: a person makes and revokes their own in Settings; an admin, or the CLI at the
// console, for anyone. One action each, so every way in gets the same expiry, the same cap and the
// same audit. The token is shown once, in the result; only its hash is stored or audited.
import { z } from "zod";
import { defineSystemAction } from "../action";
import { principalOf } from "../authz";
import { AppError, notFound } from "../errors";
import { newToken } from "./token";

export const MAX_ACTIVE_TOKENS = 20;

const expiry = "Expiry must be 1 to 365 days, or none.";
export const ZCreateTokenInput = z.object({
  name: z.string().trim().min(1, "Name the token after what will use it, e.g. “detection pipeline”.").max(100, "Keep the name under 100 characters."),
  expiresInDays: z.coerce.number().int().min(1, expiry).max(365, expiry).nullable().default(90),
  /** Whose token: absent means the person acting. Someone else's needs token.manageAny. */
  ownerEmail: z.string().trim().toLowerCase().email("Enter the owner's email address.").optional(),
});

export const createTokenAction = defineSystemAction({
  name: "token.create",
  input: ZCreateTokenInput,
  permission: (input, _ctx, actor) => (input.ownerEmail && input.ownerEmail !== principalOf(actor)?.email ? "token.manageAny" : "token.manageOwn"),
  async run({ tx, input, user }) {
    const owner = input.ownerEmail ? await tx.user.findUnique({ where: { email: input.ownerEmail } }) : user;
    if (!owner || owner.disabled) throw new AppError("not_found", `No active user has the email ${input.ownerEmail ?? "(none given)"}.`, [{ field: "ownerEmail", message: "Name an active user." }]);
    const active = await tx.apiToken.count({ where: { userId: owner.id, revokedAt: null, OR: [{ expiresAt: null }, { expiresAt: { gt: new Date() } }] } });
    if (active >= MAX_ACTIVE_TOKENS) {
      throw new AppError("conflict", `${owner.id === user?.id ? "You already have" : `${owner.email} already has`} ${MAX_ACTIVE_TOKENS} active tokens; revoke one no longer used first.`);
    }
    const t = newToken();
    const expiresAt = input.expiresInDays ? new Date(Date.now() + input.expiresInDays * 86_400_000) : null;
    const row = await tx.apiToken.create({ data: { userId: owner.id, name: input.name, prefix: t.prefix, tokenHash: t.hash, expiresAt } });
    return {
      result: { id: row.id, token: t.token, prefix: t.prefix, name: row.name, owner: owner.email, expiresAt: expiresAt?.toISOString() ?? null },
      audit: { action: "token.create", entityType: "api_token", entityId: row.id, caseId: null, data: { owner: owner.email, name: row.name, prefix: t.prefix, expiresAt: expiresAt?.toISOString() ?? null } },
    };
  },
});

export const ZRevokeTokenInput = z
  .object({ tokenId: z.string().min(1).optional(), prefix: z.string().regex(/^cb_[0-9a-f]{12}$/, "A token prefix looks like cb_0123456789ab.").optional() })
  .refine((v) => v.tokenId || v.prefix, { message: "Say which token: its id or its prefix." });

export const revokeTokenAction = defineSystemAction({
  name: "token.revoke",
  input: ZRevokeTokenInput,
  async load(tx, input, actor) {
    const row = await tx.apiToken.findFirst({ where: input.tokenId ? { id: input.tokenId } : { prefix: input.prefix }, include: { user: { select: { email: true } } } });
    const person = principalOf(actor);
    // Someone else's token is "not found" unless you may manage anyone's.
    if (!row || (person && row.userId !== person.id && person.role !== "admin")) throw notFound("That token");
    return { caseId: null, token: row };
  },
  permission: (_input, ctx, actor) => (ctx.token.userId === principalOf(actor)?.id ? "token.manageOwn" : "token.manageAny"),
  async run({ tx, ctx }) {
    const row = ctx.token;
    const revokedAt = row.revokedAt ?? (await tx.apiToken.update({ where: { id: row.id }, data: { revokedAt: new Date() } })).revokedAt!;
    return {
      result: { id: row.id, prefix: row.prefix, revokedAt: revokedAt.toISOString() },
      audit: { action: "token.revoke", entityType: "api_token", entityId: row.id, caseId: null, data: { owner: row.user.email, prefix: row.prefix } },
    };
  },
});
