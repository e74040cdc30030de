// Case writes. Each is an action (lib/action.ts): validated, authorized, transactional, audited.
import { defineAction } from "../action";
import { AppError } from "../errors";
import type { Tx } from "../db";
import { lastChangeBy } from "../concurrency";
import { loadCaseContext } from "./context";
import { ZAddCommentInput, ZCreateCaseInput, ZSetTeamInput, ZTransitionInput, ZUpdateCaseInput } from "./schema";
import { resolveTeam } from "./team";
import { TRANSITIONS } from "./workflow";

async function nextCaseRef(tx: Tx, at: Date): Promise<string> {
  const year = at.getUTCFullYear();
  // eslint-disable-next-line no-restricted-syntax -- the case-ref counter, in createCaseAction's transaction
  const rows = await tx.$queryRaw<{ last: number }[]>`
    INSERT INTO case_ref_counter (year, last) VALUES (${year}, 1)
    ON CONFLICT (year) DO UPDATE SET last = case_ref_counter.last + 1
    RETURNING last`;
  return `CB-${year}-${String(rows[0].last).padStart(4, "0")}`;
}

const DETAIL_FIELDS = ["title", "summary", "severity", "suspectedActor", "windowStart", "windowEnd"] as const;

function plain(v: unknown) {
  return v instanceof Date ? v.toISOString() : (v ?? null);
}

export const createCaseAction = defineAction({
  name: "case.create",
  input: ZCreateCaseInput,
  permission: "case.create",
  async run({ tx, input, user }) {
    const team = await resolveTeam(tx, input.leadId, input.members, user);
    const now = new Date();
    const ref = await nextCaseRef(tx, now);
    const created = await tx.case.create({
      data: {
        ref,
        title: input.title,
        summary: input.summary,
        severity: input.severity,
        suspectedActor: input.suspectedActor,
        windowStart: input.windowStart,
        windowEnd: input.windowEnd,
        leadId: input.leadId,
        createdById: user.id,
        members: { create: team.map((m) => ({ userId: m.userId, role: m.role })) },
      },
      select: { id: true, ref: true },
    });
    return {
      result: created,
      audit: {
        action: "case.create",
        entityType: "case",
        entityId: created.id,
        caseId: created.id,
        data: {
          ref,
          title: input.title,
          summary: input.summary,
          severity: input.severity,
          suspectedActor: input.suspectedActor ?? null,
          windowStart: input.windowStart?.toISOString() ?? null,
          windowEnd: input.windowEnd?.toISOString() ?? null,
          leadId: input.leadId,
          members: team,
        },
      },
    };
  },
});

export const updateCaseAction = defineAction({
  name: "case.update",
  input: ZUpdateCaseInput,
  permission: "case.edit",
  load: (tx, input, user) => loadCaseContext(tx, input.caseId, user),
  async run({ tx, input }) {
    const before = await tx.case.findUniqueOrThrow({ where: { id: input.caseId } });
    if (before.version !== input.version) {
      const who = await lastChangeBy(tx, "case", input.caseId);
      throw new AppError("conflict", `${who} changed this case while you were editing: it is now at version ${before.version}, and you sent ${input.version}. Reload to see their changes, then edit again.`, [
        { field: "version", message: `The case is at version ${before.version}.` },
      ]);
    }
    const changes: Record<string, { from: unknown; to: unknown }> = {};
    for (const f of DETAIL_FIELDS) {
      const a = plain(before[f]);
      const b = plain(input[f]);
      if (a !== b) changes[f] = { from: a, to: b };
    }
    const after = await tx.case.update({
      where: { id: input.caseId },
      data: { ...Object.fromEntries(DETAIL_FIELDS.map((f) => [f, input[f]])), version: { increment: 1 } },
      select: { id: true, ref: true, version: true },
    });
    return { result: after, audit: { action: "case.update", entityType: "case", entityId: after.id, data: { changes } } };
  },
});

export const setCaseTeamAction = defineAction({
  name: "case.team",
  input: ZSetTeamInput,
  permission: "case.manageMembers",
  load: (tx, input, user) => loadCaseContext(tx, input.caseId, user),
  async run({ tx, input }) {
    const before = await tx.case.findUniqueOrThrow({ where: { id: input.caseId }, select: { leadId: true, members: { select: { userId: true, role: true } } } });
    const team = await resolveTeam(tx, input.leadId, input.members);
    const old = new Map(before.members.map((m) => [m.userId, m.role]));
    const next = new Map(team.map((m) => [m.userId, m.role]));
    const added = team.filter((m) => !old.has(m.userId));
    const removed = before.members.filter((m) => !next.has(m.userId)).map((m) => m.userId);
    const changed = team.filter((m) => old.has(m.userId) && old.get(m.userId) !== m.role).map((m) => ({ userId: m.userId, from: old.get(m.userId)!, to: m.role }));
    await tx.caseMember.deleteMany({ where: { caseId: input.caseId, userId: { in: removed } } });
    for (const m of team) {
      await tx.caseMember.upsert({
        where: { caseId_userId: { caseId: input.caseId, userId: m.userId } },
        create: { caseId: input.caseId, userId: m.userId, role: m.role },
        update: { role: m.role },
      });
    }
    await tx.case.update({ where: { id: input.caseId }, data: { leadId: input.leadId, version: { increment: 1 } } });
    return {
      result: { members: team.length },
      audit: {
        action: "case.team",
        entityType: "case",
        entityId: input.caseId,
        data: { lead: before.leadId === input.leadId ? undefined : { from: before.leadId, to: input.leadId }, added, removed, changed },
      },
    };
  },
});

export const transitionCaseAction = defineAction({
  name: "case.transition",
  input: ZTransitionInput,
  permission: (input) => TRANSITIONS[input.transition].permission,
  load: (tx, input, user) => loadCaseContext(tx, input.caseId, user),
  async run({ tx, input, ctx, user }) {
    const t = TRANSITIONS[input.transition];
    const from = ctx.facts!.status;
    const after = await tx.case.update({
      where: { id: input.caseId },
      data: {
        status: t.to,
        version: { increment: 1 },
        ...(input.transition === "submit" ? { submittedById: user.id } : {}),
        ...(input.transition === "request_changes" || input.transition === "reopen" ? { submittedById: null } : {}),
      },
      select: { id: true, status: true },
    });
    if (input.comment) await tx.comment.create({ data: { caseId: input.caseId, authorId: user.id, body: input.comment } });
    return {
      result: after,
      audit: { action: `case.${input.transition}`, entityType: "case", entityId: input.caseId, data: { from, to: t.to, comment: input.comment || undefined } } as const,
    };
  },
});

export const addCommentAction = defineAction({
  name: "comment.create",
  input: ZAddCommentInput,
  permission: "case.comment",
  load: (tx, input, user) => loadCaseContext(tx, input.caseId, user),
  async run({ tx, input, user }) {
    const c = await tx.comment.create({ data: { caseId: input.caseId, authorId: user.id, body: input.body }, select: { id: true } });
    return { result: c, audit: { action: "comment.create", entityType: "comment", entityId: c.id, data: { body: input.body } } };
  },
});
