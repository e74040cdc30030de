// The package's content, each change one audited action: save a findings section (refused when
// someone saved it since the editor opened it), add, caption, remove and reorder exhibits, add and
// remove redactions. Every change voids the approvals of exports not built yet, and says so.
import { defineAction } from "../action";
import { validateSpan } from "../analysis/spans";
import type { TActor } from "../authz";
import { loadCaseContext } from "../cases/context";
import type { Tx } from "../db";
import { AppError, notFound } from "../errors";
import { NOTHING_VOIDED, voidApprovals } from "../exports/approved-content";
import { citedExhibits } from "./markdown";
import { describeTarget } from "./targets";
import {
  RULE_LABELS,
  SECTION_TITLES,
  ZAddExhibit,
  ZAddRedaction,
  ZCaptionExhibit,
  ZRemoveExhibit,
  ZRemoveRedaction,
  ZReorderExhibits,
  ZSaveFinding,
} from "./schema";

const clip = (s: string, n = 200) => (s.length > n ? `${s.slice(0, n)}…` : s);

export const saveFindingAction = defineAction({
  name: "finding.save",
  input: ZSaveFinding,
  permission: "case.edit",
  load: (tx, input, actor) => loadCaseContext(tx, input.caseId, actor),
  async run({ tx, input, ctx, user }) {
    const before = await tx.finding.findUnique({ where: { caseId_section: { caseId: ctx.caseId, section: input.section } }, include: { updatedBy: { select: { name: true } } } });
    const current = before?.version ?? 0;
    if (current !== input.version) {
      const when = before ? before.updatedAt.toISOString().slice(0, 16).replace("T", " ") : "";
      throw new AppError(
        "conflict",
        `${before?.updatedBy.name ?? "Someone"} saved “${SECTION_TITLES[input.section]}” at ${when} UTC, after you opened it. Your text is still in the editor: compare it with theirs below, then save again.`,
        [{ field: "body", message: before?.body ?? "" }],
      );
    }
    if (before && before.body === input.body) return { result: before, audit: { action: "finding.save", entityType: "finding", entityId: before.id, data: { section: input.section, chars: input.body.length, citations: citedExhibits(input.body).length, voided: [] } } };
    const f = before
      ? await tx.finding.update({ where: { id: before.id }, data: { body: input.body, version: { increment: 1 }, updatedById: user.id } })
      : await tx.finding.create({ data: { caseId: ctx.caseId, section: input.section, body: input.body, updatedById: user.id } });
    const voided = await voidApprovals(tx, ctx.caseId, `${user.name} edited the findings (“${SECTION_TITLES[input.section]}”) after the approval.`);
    return {
      result: f,
      audit: { action: "finding.save", entityType: "finding", entityId: f.id, data: { section: input.section, chars: input.body.length, citations: citedExhibits(input.body).length, voided: voided.ids } },
      also: voided.events,
    };
  },
});

async function exhibitContext(tx: Tx, exhibitId: string, actor: TActor) {
  const x = await tx.exhibit.findUnique({ where: { id: exhibitId } });
  if (!x) throw notFound("That exhibit");
  return { ...(await loadCaseContext(tx, x.caseId, actor)), exhibit: x };
}

export const addExhibitAction = defineAction({
  name: "exhibit.add",
  input: ZAddExhibit,
  permission: "case.edit",
  load: (tx, input, actor) => loadCaseContext(tx, input.caseId, actor),
  async run({ tx, input, ctx, user }) {
    const target = await describeTarget(tx, ctx.caseId, input.kind, input.targetId);
    if (!target) throw new AppError("bad_input", `There is no such ${input.kind} in this case.`, [{ field: "targetId", message: "Pick an item of this case." }]);
    const existing = await tx.exhibit.findUnique({ where: { caseId_kind_targetId: { caseId: ctx.caseId, kind: input.kind, targetId: target.targetId } } });
    if (existing) throw new AppError("conflict", `${target.label} is already an exhibit.`);
    const last = await tx.exhibit.aggregate({ where: { caseId: ctx.caseId }, _max: { position: true } });
    const x = await tx.exhibit.create({
      data: { caseId: ctx.caseId, kind: input.kind, targetId: target.targetId, caption: input.caption || target.defaultCaption, position: (last._max.position ?? 0) + 1, createdById: user.id },
    });
    const voided = await voidApprovals(tx, ctx.caseId, `${user.name} added an exhibit (${target.label}) after the approval.`);
    return { result: x, audit: { action: "exhibit.add", entityType: "exhibit", entityId: x.id, data: { kind: x.kind, target: target.label, caption: clip(x.caption), voided: voided.ids } }, also: voided.events };
  },
});

export const captionExhibitAction = defineAction({
  name: "exhibit.caption",
  input: ZCaptionExhibit,
  permission: "case.edit",
  load: (tx, input, actor) => exhibitContext(tx, input.exhibitId, actor),
  async run({ tx, input, ctx, user }) {
    const before = ctx.exhibit;
    const x = await tx.exhibit.update({ where: { id: before.id }, data: { caption: input.caption } });
    const voided = before.caption === x.caption ? NOTHING_VOIDED : await voidApprovals(tx, ctx.caseId, `${user.name} changed an exhibit's caption after the approval.`);
    return { result: x, audit: { action: "exhibit.caption", entityType: "exhibit", entityId: x.id, data: { from: clip(before.caption), to: clip(x.caption), voided: voided.ids } }, also: voided.events };
  },
});

export const removeExhibitAction = defineAction({
  name: "exhibit.remove",
  input: ZRemoveExhibit,
  permission: "case.edit",
  load: (tx, input, actor) => exhibitContext(tx, input.exhibitId, actor),
  async run({ tx, ctx, user }) {
    const x = ctx.exhibit;
    await tx.exhibit.delete({ where: { id: x.id } });
    const voided = await voidApprovals(tx, ctx.caseId, `${user.name} removed an exhibit after the approval.`);
    return { result: { id: x.id }, audit: { action: "exhibit.remove", entityType: "exhibit", entityId: x.id, data: { kind: x.kind, targetId: x.targetId, caption: clip(x.caption), voided: voided.ids } }, also: voided.events };
  },
});

export const reorderExhibitsAction = defineAction({
  name: "exhibit.reorder",
  input: ZReorderExhibits,
  permission: "case.edit",
  load: (tx, input, actor) => loadCaseContext(tx, input.caseId, actor),
  async run({ tx, input, ctx, user }) {
    const all = await tx.exhibit.findMany({ where: { caseId: ctx.caseId }, orderBy: [{ position: "asc" }, { id: "asc" }], select: { id: true } });
    const given = new Set(input.order);
    if (given.size !== input.order.length || all.length !== given.size || all.some((x) => !given.has(x.id))) {
      throw new AppError("conflict", "The exhibit list changed since you opened it (someone added or removed one). Reload and reorder again.");
    }
    const changed = all.some((x, i) => input.order[i] !== x.id);
    if (changed) {
      // Two passes, so the (caseId, position) order never holds two rows at one place mid-way.
      await tx.$executeRaw`UPDATE exhibit SET position = -position - 1 WHERE "caseId" = ${ctx.caseId}`;
      for (const [i, id] of input.order.entries()) await tx.exhibit.update({ where: { id }, data: { position: i + 1 } });
    }
    const voided = changed ? await voidApprovals(tx, ctx.caseId, `${user.name} reordered the exhibits after the approval.`) : NOTHING_VOIDED;
    return { result: { order: input.order }, audit: { action: "exhibit.reorder", entityType: "case", entityId: ctx.caseId, data: { exhibits: input.order.length, changed, voided: voided.ids } }, also: voided.events };
  },
});

async function redactionTargetContext(tx: Tx, input: { kind: "rule"; caseId: string } | { kind: "manual"; exchangeId: string }, actor: TActor) {
  if (input.kind === "rule") return loadCaseContext(tx, input.caseId, actor);
  const e = await tx.exchange.findFirst({ where: { id: BigInt(input.exchangeId) }, select: { caseId: true } });
  if (!e) throw notFound("That sample");
  return loadCaseContext(tx, e.caseId, actor);
}

export const addRedactionAction = defineAction({
  name: "redaction.add",
  input: ZAddRedaction,
  permission: "case.edit",
  load: (tx, input, actor) => redactionTargetContext(tx, input, actor),
  async run({ tx, input, ctx, user }) {
    let data: { kind: "rule" | "manual"; rule?: string; exchangeId?: bigint; field?: string; spanStart?: number; spanEnd?: number };
    let what: string;
    if (input.kind === "rule") {
      if (await tx.redaction.findFirst({ where: { caseId: ctx.caseId, kind: "rule", rule: input.rule } })) throw new AppError("conflict", `${RULE_LABELS[input.rule]} are already redacted.`);
      data = { kind: "rule", rule: input.rule };
      what = RULE_LABELS[input.rule];
    } else {
      const e = await tx.exchange.findFirstOrThrow({ where: { id: BigInt(input.exchangeId) }, select: { id: true, externalId: true, prompt: true, response: true } });
      const text = (input.field === "prompt" ? e.prompt : e.response) ?? "";
      const problem = validateSpan(text, input.span.start, input.span.end, input.field);
      if (problem) throw new AppError("bad_input", problem, [{ field: "span", message: problem }]);
      const same = await tx.redaction.findFirst({ where: { caseId: ctx.caseId, exchangeId: e.id, field: input.field, spanStart: { lte: input.span.start }, spanEnd: { gte: input.span.end } } });
      if (same) throw new AppError("conflict", `That text is already withheld (characters ${same.spanStart}–${same.spanEnd} of the ${input.field}: “${same.reason}”).`);
      data = { kind: "manual", exchangeId: e.id, field: input.field, spanStart: input.span.start, spanEnd: input.span.end };
      what = `characters ${input.span.start}–${input.span.end} of the ${input.field} of exchange ${e.externalId}`;
    }
    const r = await tx.redaction.create({ data: { ...data, caseId: ctx.caseId, reason: input.reason, createdById: user.id } });
    const voided = await voidApprovals(tx, ctx.caseId, `${user.name} added a redaction after the approval.`);
    return { result: r, audit: { action: "redaction.add", entityType: "redaction", entityId: r.id, data: { what, reason: clip(input.reason), voided: voided.ids } }, also: voided.events };
  },
});

export const removeRedactionAction = defineAction({
  name: "redaction.remove",
  input: ZRemoveRedaction,
  permission: "case.edit",
  load: async (tx, input, actor) => {
    const r = await tx.redaction.findUnique({ where: { id: input.redactionId } });
    if (!r) throw notFound("That redaction");
    return { ...(await loadCaseContext(tx, r.caseId, actor)), redaction: r };
  },
  async run({ tx, ctx, user }) {
    const r = ctx.redaction;
    await tx.redaction.delete({ where: { id: r.id } });
    const voided = await voidApprovals(tx, ctx.caseId, `${user.name} removed a redaction after the approval.`);
    const what = r.rule ? RULE_LABELS[r.rule as keyof typeof RULE_LABELS] ?? r.rule : `characters ${r.spanStart}–${r.spanEnd} of the ${r.field} of a sample`;
    return { result: { id: r.id }, audit: { action: "redaction.remove", entityType: "redaction", entityId: r.id, data: { what, reason: clip(r.reason), voided: voided.ids } }, also: voided.events };
  },
});
