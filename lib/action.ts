// The one write path. Every server action and API write is an action defined here:
// validate (zod) → load the facts from the record itself → authorize (lib/authz.ts) → run in a
// transaction → append the audit event in that same transaction → typed result.
// There is no other way to write, so none of those steps can be forgotten.
import type { z } from "zod";
import { appendAuditEvent } from "./audit/append";
import { can, type TCaseFacts, type TPermission } from "./authz";
import { db, type Tx } from "./db";
import { AppError, notFound, toActionError, type TActionError } from "./errors";
import type { TSessionUser } from "./session";

export type TResult<R> = { ok: true; data: R } | { ok: false; error: TActionError };

/** What the loader found: the case the target belongs to (derived from the record, never the client). */
export type TActionContext = { caseId: string | null; facts?: TCaseFacts };

export type TAuditNote = { entityType: string; entityId: string; data?: unknown; caseId?: string | null; action?: string };

export type TActionSpec<S extends z.ZodType, C extends TActionContext, R> = {
  /** Also the audit action name, e.g. "case.update". */
  name: string;
  input: S;
  permission: TPermission | ((input: z.infer<S>, ctx: C) => TPermission);
  load?: (tx: Tx, input: z.infer<S>, user: TSessionUser) => Promise<C>;
  run: (args: { tx: Tx; input: z.infer<S>; ctx: C; user: TSessionUser }) => Promise<{ result: R; audit: TAuditNote }>;
};

export function defineAction<S extends z.ZodType, C extends TActionContext, R>(spec: TActionSpec<S, C, R>) {
  return spec;
}

export function zodDetails(error: z.ZodError) {
  return error.issues.map((i) => ({ field: i.path.join(".") || undefined, message: i.message }));
}

export async function runAction<S extends z.ZodType, C extends TActionContext, R>(
  spec: TActionSpec<S, C, R>,
  user: TSessionUser | null,
  rawInput: unknown,
): Promise<TResult<R>> {
  try {
    if (!user) throw new AppError("unauthenticated", "Sign in first.");
    const parsed = spec.input.safeParse(rawInput);
    if (!parsed.success) {
      throw new AppError("bad_input", "Some fields need attention.", zodDetails(parsed.error));
    }
    const input = parsed.data as z.infer<S>;
    const data = await db().$transaction(
      async (tx) => {
        const ctx = (spec.load ? await spec.load(tx, input, user) : { caseId: null }) as C;
        const permission = typeof spec.permission === "function" ? spec.permission(input, ctx) : spec.permission;
        const decision = can(user, permission, ctx.facts);
        if (!decision.ok) throw decision.hidden ? notFound("That case") : new AppError("forbidden", decision.reason);
        const { result, audit } = await spec.run({ tx, input, ctx, user });
        await appendAuditEvent(tx, {
          actorId: user.id,
          actorLabel: `${user.name} <${user.email}>`,
          action: audit.action ?? spec.name,
          caseId: audit.caseId !== undefined ? audit.caseId : ctx.caseId,
          entityType: audit.entityType,
          entityId: audit.entityId,
          data: audit.data,
        });
        return result;
      },
      { timeout: 30_000, maxWait: 10_000 },
    );
    return { ok: true, data };
  } catch (e) {
    return { ok: false, error: toActionError(e) };
  }
}
