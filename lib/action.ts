// The one write path. Every server action, API write, CLI command, seed step and worker state
// change is an action defined here: validate (zod) → load the facts from the record itself →
// authorize (lib/authz.ts) → run in a transaction → append the typed audit event in that same
// transaction → typed result. The bulk importer's final transaction runs on its own `pg`
// connection (it holds the staging table) through `runBulkAction`, the same steps on raw SQL.
// No other module appends audit events (ESLint refuses imports of lib/audit/append elsewhere).
import type pg from "pg";
import type { z } from "zod";
import { appendAudit } from "./audit/append";
import { checkAuditData, type TAuditNote } from "./audit/events";
import { can, isSystem, personOf, type TActor, type TCaseFacts, type TPermission, type TPerson, type TSystemActor } from "./authz";
import { db, type Tx } from "./db";
import { onPg, onPrisma, type TSql } from "./db/sql";
import { AppError, notFound, toActionError, type TActionError } from "./errors";
import { findUnstorable } from "./storable-text";

export type TResult<R> = { ok: true; data: R } | { ok: false; error: TActionError };

/** What the loader found: the case the target belongs to (derived from the record, never the client). */
export type TActionContext = { caseId: string | null; facts?: TCaseFacts };

export type { TAuditNote };

/**
 * `audit`: the action's own event. `also`: events of what it set off in the same transaction, on
 * other records (an edit that voids an approved export records `export.void` on that export).
 */
type TRunOutcome<R> = Promise<{ result: R; audit: TAuditNote; also?: TAuditNote[] }>;
type TPermissionOf<I, C> = TPermission | ((input: I, ctx: C, actor: TActor) => TPermission);

export type TActionSpec<S extends z.ZodType, C extends TActionContext, R> = {
  /** Names the action in errors and in the authorization matrix, e.g. "case.update". */
  name: string;
  input: S;
  permission: TPermissionOf<z.infer<S>, C>;
  /** False for actions a system actor runs on its own, with no person behind it. */
  needsPerson: boolean;
  load?: (tx: Tx, input: z.infer<S>, actor: TActor) => Promise<C>;
  run: (args: { tx: Tx; input: z.infer<S>; ctx: C; actor: TActor; user: TPerson | null }) => TRunOutcome<R>;
  /**
   * Runs once the transaction has committed, for work outside the database (the audit checkpoint
   * after an export is approved or built). The action has happened whatever it does: it must
   * handle its own failures; one it throws is logged, never reported as the action failing.
   */
  afterCommit?: (result: R) => Promise<void>;
  /** How long its transaction may run (default 30 s): longer only for an action whose one statement reads a whole case. */
  timeoutMs?: number;
};

type TPersonSpec<S extends z.ZodType, C extends TActionContext, R> = Omit<TActionSpec<S, C, R>, "needsPerson" | "run"> & {
  run: (args: { tx: Tx; input: z.infer<S>; ctx: C; actor: TActor; user: TPerson }) => TRunOutcome<R>;
};

/** An action a person takes: signed in, by token, or named by the CLI or the seed (`onBehalfOf`). */
export function defineAction<S extends z.ZodType, C extends TActionContext, R>(spec: TPersonSpec<S, C, R>): TActionSpec<S, C, R> {
  return { ...spec, needsPerson: true, run: (args) => spec.run({ ...args, user: args.user! }) };
}

/** An action Casebook's own parts may take with no person behind them (worker, scheduler, sign-in). */
export function defineSystemAction<S extends z.ZodType, C extends TActionContext, R>(spec: Omit<TActionSpec<S, C, R>, "needsPerson">): TActionSpec<S, C, R> {
  return { ...spec, needsPerson: false };
}

export function zodDetails(error: z.ZodError) {
  return error.issues.map((i) => ({ field: i.path.join(".") || undefined, message: i.message }));
}

function systemLabel(a: TSystemActor): string {
  switch (a.system) {
    case "cli":
      return `cli (${a.detail ?? "console"})`;
    case "seed":
      return "demo seed";
    case "auth":
      return "sign-in";
    case "taxii":
      return `TAXII server (for ${a.detail ?? "a partner"})`;
    default:
      return a.detail ? `${a.system} ${a.detail}` : a.system;
  }
}

/** Who the audit log names: the person (and through which part of Casebook), or the part alone. */
export function auditActor(actor: TActor): { actorId: string | null; actorLabel: string } {
  const person = personOf(actor);
  const name = person ? `${person.name} <${person.email}>` : null;
  if (!isSystem(actor)) return { actorId: actor.id, actorLabel: name! };
  return { actorId: person?.id ?? null, actorLabel: name ? `${name} via ${systemLabel(actor)}` : systemLabel(actor) };
}

function authorize<I, C extends TActionContext>(actor: TActor, permission: TPermissionOf<I, C>, input: I, ctx: C) {
  const decision = can(actor, typeof permission === "function" ? permission(input, ctx, actor) : permission, ctx.facts);
  if (!decision.ok) throw decision.hidden ? notFound("That case") : new AppError("forbidden", decision.reason);
}

function parseInput<S extends z.ZodType>(schema: S, raw: unknown): z.infer<S> {
  // Forms and API bodies alike: text PostgreSQL cannot hold is refused by field, never mangled.
  const unstorable = findUnstorable(raw);
  if (unstorable) throw new AppError("bad_input", `Some fields need attention: ${unstorable.message}.`, [{ field: unstorable.field || undefined, message: unstorable.message }]);
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw new AppError("bad_input", "Some fields need attention.", zodDetails(parsed.error));
  return parsed.data;
}

async function writeAudit(sql: TSql, actor: TActor, audit: TAuditNote, caseId: string | null) {
  checkAuditData(audit.action, audit.data);
  await appendAudit(sql, {
    ...auditActor(actor),
    action: audit.action,
    caseId: audit.caseId !== undefined ? audit.caseId : caseId,
    entityType: audit.entityType,
    entityId: audit.entityId,
    data: audit.data,
  });
}

/** `onCommitted` hears the case the action loaded from its record once the transaction commits
 *  (lib/server-action.ts refreshes that case's pages, never one the browser named). */
export async function runAction<S extends z.ZodType, C extends TActionContext, R>(
  spec: TActionSpec<S, C, R>,
  actor: TActor | null,
  rawInput: unknown,
  opts: { onCommitted?: (caseId: string | null) => void } = {},
): Promise<TResult<R>> {
  try {
    if (!actor) throw new AppError("unauthenticated", "Sign in first.");
    const user = personOf(actor);
    if (spec.needsPerson && !user) throw new AppError("forbidden", "This needs a person to act: sign in, or name who acts.");
    const input = parseInput(spec.input, rawInput);
    const data = await db().$transaction(
      async (tx) => {
        const ctx = (spec.load ? await spec.load(tx, input, actor) : { caseId: null }) as C;
        authorize(actor, spec.permission, input, ctx);
        const { result, audit, also = [] } = await spec.run({ tx, input, ctx, actor, user });
        await writeAudit(onPrisma(tx), actor, audit, ctx.caseId);
        for (const a of also) await writeAudit(onPrisma(tx), actor, a, ctx.caseId);
        return { result, caseId: ctx.caseId };
      },
      { timeout: spec.timeoutMs ?? 30_000, maxWait: 10_000 },
    ).then(({ result, caseId }) => {
      opts.onCommitted?.(caseId);
      return result;
    });
    if (spec.afterCommit) await spec.afterCommit(data).catch((e) => console.error(`[action] ${spec.name}: after commit: ${(e as Error).message}`));
    return { ok: true, data };
  } catch (e) {
    return { ok: false, error: toActionError(e) };
  }
}

/** Like runAction, but when it refuses: throws. For callers with no one to show an error to (worker, seed). */
export async function mustRunAction<S extends z.ZodType, C extends TActionContext, R>(spec: TActionSpec<S, C, R>, actor: TActor, rawInput: unknown): Promise<R> {
  const r = await runAction(spec, actor, rawInput);
  if (!r.ok) throw new Error(`${spec.name} refused (${r.error.code}): ${r.error.message} ${r.error.details.map((d) => `${d.field ?? ""} ${d.message}`).join("; ")}`.trim());
  return r.data;
}

export type TBulkActionSpec<S extends z.ZodType, R> = {
  name: string;
  input: S;
  permission: TPermission;
  run: (args: { client: pg.ClientBase; sql: TSql; input: z.infer<S>; actor: TActor }) => TRunOutcome<R>;
};

export function defineBulkAction<S extends z.ZodType, R>(spec: TBulkActionSpec<S, R>) {
  return spec;
}

/**
 * The raw-`pg` twin of runAction, on a connection not yet in a transaction: validate, authorize,
 * BEGIN, run, append the audit event, COMMIT. Expected refusals come back as a result; anything
 * else rolls back and is thrown, for the caller (the job runner) to record. `inOpenTransaction`:
 * the caller has already begun the transaction (a restore records itself in the one that loads
 * the data); it is committed or rolled back here, with the caller's work.
 */
export async function runBulkAction<S extends z.ZodType, R>(client: pg.ClientBase, spec: TBulkActionSpec<S, R>, actor: TActor, rawInput: unknown, opts: { inOpenTransaction?: boolean } = {}): Promise<TResult<R>> {
  let input: z.infer<S>;
  try {
    input = parseInput(spec.input, rawInput);
    authorize(actor, spec.permission, input, { caseId: null });
  } catch (e) {
    if (opts.inOpenTransaction) await client.query("ROLLBACK").catch(() => {});
    return { ok: false, error: toActionError(e) };
  }
  if (!opts.inOpenTransaction) await client.query("BEGIN");
  try {
    const sql = onPg(client);
    const { result, audit } = await spec.run({ client, sql, input, actor });
    await writeAudit(sql, actor, audit, null);
    await client.query("COMMIT");
    return { ok: true, data: result };
  } catch (e) {
    await client.query("ROLLBACK").catch(() => {});
    if (e instanceof AppError) return { ok: false, error: toActionError(e) };
    throw e;
  }
}
