// Sharing a case's indicators with partner labs, each step one audited action:
//   - an admin adds a partner with the key agreed with it (or one made here, shown once), and the
//     partner's TAXII tokens;
//   - an analyst of the case prepares a share for one partner: the STIX 2.1 bundle is built from the
//     case's rows, identifiers keyed under the partner's key, validated, and stored as it is;
//   - a reviewer of the case other than the preparer approves it (recording the audit head it
//     covers) or sends it back; from its approval it is in the partner's TAXII collection;
//   - a reviewer can withdraw an approved share: it leaves the collection (what was fetched stays fetched);
//   - the TAXII server records what it served.
import { createHash, randomBytes, randomUUID } from "node:crypto";
import { z } from "zod";
import { defineAction, defineSystemAction } from "../action";
import { checkpointAfterCommit } from "../audit/checkpoints";
import type { TActor } from "../authz";
import { loadCaseContext } from "../cases/context";
import type { Tx } from "../db";
import { env } from "../env";
import { AppError, notFound } from "../errors";
import { hashToken } from "../tokens/token";
import { gatherShareContent, contentCounts } from "./content";
import { keyFingerprint } from "./keyed";
import { ZApproveShare, ZCreatePartner, ZCreateTaxiiToken, ZPrepareShare, ZRejectShare, ZRevokeTaxiiToken, ZVoidShare } from "./schema";
import { newSharingKey, openPartnerKey, parseSharingKey, sealPartnerKey } from "./secrets";
import { buildBundle } from "./stix";
import { validateBundle } from "./validate";

/** The lab's name as the bundles' `identity` gives it. */
export const labName = () => env().CASEBOOK_LAB_NAME ?? "Casebook lab";

export const createPartnerAction = defineAction({
  name: "partner.create",
  input: ZCreatePartner,
  permission: "partner.manage",
  async run({ tx, input, user }) {
    if (await tx.sharingPartner.findUnique({ where: { name: input.name }, select: { id: true } })) {
      throw new AppError("conflict", "A partner with this name exists.", [{ field: "name", message: "Pick another name, or use the existing partner." }]);
    }
    const given = input.key ? parseSharingKey(input.key) : null;
    if (input.key && !given) throw new AppError("bad_input", "The key must be 32 bytes: 64 hexadecimal characters, or 44 characters of base64.", [{ field: "key", message: "Paste the key the partner sent, or leave it empty to make one." }]);
    const key = given ?? newSharingKey();
    const id = randomUUID();
    const fingerprint = keyFingerprint(key);
    const p = await tx.sharingPartner.create({
      data: { id, name: input.name, contact: input.contact, keyCiphertext: await sealPartnerKey(id, key), keyFingerprint: fingerprint, createdById: user.id },
      select: { id: true, name: true, keyFingerprint: true },
    });
    return {
      // A key made here is shown once, to be sent to the partner by a channel both trust.
      result: { ...p, generatedKey: given ? null : key.toString("base64") },
      audit: { action: "partner.create", entityType: "sharing_partner", entityId: p.id, caseId: null, data: { name: p.name, keyFingerprint: fingerprint, keyGenerated: !given } },
    };
  },
});

/** TAXII tokens: `tx_<id>_<secret>`; only the SHA-256 of the whole token is stored. */
export function newTaxiiToken() {
  const id = randomBytes(6).toString("hex");
  const token = `tx_${id}_${randomBytes(24).toString("base64url")}`;
  return { token, prefix: `tx_${id}`, hash: hashToken(token) };
}

export const createTaxiiTokenAction = defineAction({
  name: "partner.tokenCreate",
  input: ZCreateTaxiiToken,
  permission: "partner.manage",
  async run({ tx, input, user }) {
    const partner = await tx.sharingPartner.findUnique({ where: { id: input.partnerId } });
    if (!partner) throw notFound("That partner");
    const t = newTaxiiToken();
    const row = await tx.taxiiToken.create({ data: { partnerId: partner.id, name: input.name, prefix: t.prefix, tokenHash: t.hash, createdById: user.id } });
    return {
      result: { id: row.id, token: t.token, prefix: t.prefix, partner: partner.name },
      audit: { action: "partner.tokenCreate", entityType: "sharing_partner", entityId: partner.id, caseId: null, data: { partner: partner.name, name: input.name, prefix: t.prefix } },
    };
  },
});

export const revokeTaxiiTokenAction = defineAction({
  name: "partner.tokenRevoke",
  input: ZRevokeTaxiiToken,
  permission: "partner.manage",
  async run({ tx, input }) {
    const row = await tx.taxiiToken.findUnique({ where: { id: input.tokenId }, include: { partner: { select: { name: true } } } });
    if (!row) throw notFound("That token");
    const revokedAt = row.revokedAt ?? new Date();
    if (!row.revokedAt) await tx.taxiiToken.update({ where: { id: row.id }, data: { revokedAt } });
    return {
      result: { id: row.id, prefix: row.prefix, revokedAt: revokedAt.toISOString() },
      audit: { action: "partner.tokenRevoke", entityType: "sharing_partner", entityId: row.partnerId, caseId: null, data: { partner: row.partner.name, prefix: row.prefix } },
    };
  },
});

async function shareContext(tx: Tx, shareId: string, actor: TActor) {
  const share = await tx.indicatorShare.findUnique({ where: { id: shareId }, include: { partner: { select: { name: true } } } });
  if (!share) throw notFound("That share");
  return { ...(await loadCaseContext(tx, share.caseId, actor)), share };
}

export const prepareShareAction = defineAction({
  name: "share.prepare",
  input: ZPrepareShare,
  permission: "share.prepare",
  load: (tx, input, actor) => loadCaseContext(tx, input.caseId, actor),
  // Reads the case's accounts and families once: a whole campaign's tens of thousands of values.
  timeoutMs: 120_000,
  async run({ tx, input, ctx, user }) {
    const [partner, c] = await Promise.all([tx.sharingPartner.findUnique({ where: { id: input.partnerId } }), tx.case.findUniqueOrThrow({ where: { id: ctx.caseId }, select: { id: true, ref: true, title: true } })]);
    if (!partner) throw new AppError("bad_input", "There is no such partner.", [{ field: "partnerId", message: "Pick a partner from the list." }]);
    const content = await gatherShareContent(tx, ctx.caseId, input.include);
    const counts = contentCounts(content);
    const indicators = Object.values(counts).reduce((a, b) => a + b, 0);
    if (!indicators && !content.window) throw new AppError("bad_input", "The case has nothing of these kinds to share yet.", [{ field: "include", message: "Import accounts, or pick other kinds." }]);
    // A share still waiting for review for this partner is replaced by this one.
    await tx.indicatorShare.updateMany({ where: { caseId: ctx.caseId, partnerId: partner.id, status: { in: ["requested", "changes_requested"] } }, data: { status: "voided", voidReason: "Replaced by a newer share for the same partner." } });
    // Objects keep the `created` of the case's first share with this partner: a re-share is an update.
    const first = await tx.indicatorShare.findFirst({ where: { caseId: ctx.caseId, partnerId: partner.id, status: "approved" }, orderBy: { createdAt: "asc" }, select: { createdAt: true } });
    const now = new Date();
    const bundle = buildBundle({
      lab: { name: labName() },
      recipient: { id: partner.id, name: partner.name, key: await openPartnerKey(partner.id, partner.keyCiphertext) },
      case: { id: c.id, ref: c.ref, title: c.title },
      tlp: input.tlp,
      created: first?.createdAt ?? now,
      modified: now,
      validFrom: now,
      validUntil: new Date(now.getTime() + input.validDays * 86_400_000),
      ...content,
    });
    const check = validateBundle(bundle);
    if (!check.ok) throw new Error(`The STIX bundle built for this share does not validate: ${check.problems.slice(0, 5).map((p) => `${p.path}: ${p.message}`).join("; ")}`);
    const text = JSON.stringify(bundle);
    const sha256 = createHash("sha256").update(text).digest("hex");
    const share = await tx.indicatorShare.create({
      data: {
        caseId: ctx.caseId,
        partnerId: partner.id,
        tlp: input.tlp,
        include: input.include,
        requestedById: user.id,
        bundle: text,
        bundleSha256: sha256,
        counts,
        objectCount: bundle.objects.length,
        validUntil: new Date(now.getTime() + input.validDays * 86_400_000),
        // The bundle's `modified`: a later share to this partner takes it as every object's `created`.
        createdAt: now,
      },
      select: { id: true, status: true, bundleSha256: true, objectCount: true, counts: true },
    });
    return {
      result: share,
      audit: { action: "share.prepare", entityType: "indicator_share", entityId: share.id, data: { partner: partner.name, tlp: input.tlp, include: input.include, objects: bundle.objects.length, indicators, sha256 } },
    };
  },
});

export const approveShareAction = defineAction({
  name: "share.approve",
  input: ZApproveShare,
  permission: "share.review",
  load: (tx, input, actor) => shareContext(tx, input.shareId, actor),
  afterCommit: () => checkpointAfterCommit("share.approve"),
  async run({ tx, input, ctx, user }) {
    const s = ctx.share;
    if (s.requestedById === user.id) throw new AppError("forbidden", "You prepared this share: another reviewer must approve it (two-person rule).");
    if (s.status !== "requested") throw new AppError("conflict", `This share is ${s.status.replace("_", " ")}, not waiting for review.`);
    const [head] = await tx.$queryRaw<Array<{ seq: bigint; hash: string }>>`SELECT seq, hash FROM audit_event ORDER BY seq DESC LIMIT 1`;
    const y = await tx.indicatorShare.update({
      where: { id: s.id },
      data: { status: "approved", approvedById: user.id, approvedAt: new Date(), auditHeadSeq: head?.seq ?? 0n, auditHeadHash: head?.hash ?? "", reviewComment: input.comment },
      select: { id: true, status: true, approvedAt: true, auditHeadSeq: true, auditHeadHash: true, bundleSha256: true },
    });
    return {
      result: y,
      audit: {
        action: "share.approve",
        entityType: "indicator_share",
        entityId: s.id,
        data: { partner: s.partner.name, requestedBy: s.requestedById, auditHeadSeq: String(head?.seq ?? 0n), auditHeadHash: head?.hash ?? "", sha256: s.bundleSha256, comment: input.comment.slice(0, 500) },
      },
    };
  },
});

export const rejectShareAction = defineAction({
  name: "share.reject",
  input: ZRejectShare,
  permission: "share.review",
  load: (tx, input, actor) => shareContext(tx, input.shareId, actor),
  async run({ tx, input, ctx }) {
    const s = ctx.share;
    if (s.status !== "requested") throw new AppError("conflict", `This share is ${s.status.replace("_", " ")}, not waiting for review.`);
    const y = await tx.indicatorShare.update({ where: { id: s.id }, data: { status: "changes_requested", reviewComment: input.comment }, select: { id: true, status: true } });
    return { result: y, audit: { action: "share.reject", entityType: "indicator_share", entityId: s.id, data: { partner: s.partner.name, comment: input.comment.slice(0, 500) } } };
  },
});

export const voidShareAction = defineAction({
  name: "share.void",
  input: ZVoidShare,
  permission: "share.review",
  load: (tx, input, actor) => shareContext(tx, input.shareId, actor),
  async run({ tx, input, ctx }) {
    const s = ctx.share;
    if (s.status !== "approved") throw new AppError("conflict", `Only an approved share is withdrawn; this one is ${s.status.replace("_", " ")}.`);
    const y = await tx.indicatorShare.update({ where: { id: s.id }, data: { status: "voided", voidReason: input.reason }, select: { id: true, status: true } });
    return { result: y, audit: { action: "share.void", entityType: "indicator_share", entityId: s.id, data: { partner: s.partner.name, reason: input.reason.slice(0, 500) } } };
  },
});

/**
 * What the TAXII server served a partner's token, recorded with the token's last use in one
 * transaction: one event per case whose shares were read, so each case's production log shows who
 * read what it shared, and when.
 */
export const recordServedAction = defineSystemAction({
  name: "share.serve",
  input: z.object({ tokenId: z.string().min(1), endpoint: z.string().max(200), served: z.array(z.object({ shareId: z.string(), objects: z.number().int().min(1) })).min(1).max(10_000) }),
  permission: "share.serve",
  async run({ tx, input }) {
    const t = await tx.taxiiToken.update({ where: { id: input.tokenId }, data: { lastUsedAt: new Date() }, include: { partner: { select: { id: true, name: true } } } });
    const shares = await tx.indicatorShare.findMany({ where: { id: { in: input.served.map((x) => x.shareId) } }, select: { id: true, caseId: true } });
    const caseOf = new Map(shares.map((x) => [x.id, x.caseId]));
    const byCase = new Map<string, { shares: string[]; objects: number }>();
    for (const x of input.served) {
      const caseId = caseOf.get(x.shareId);
      if (!caseId) continue;
      const cur = byCase.get(caseId) ?? { shares: [], objects: 0 };
      cur.shares.push(x.shareId);
      cur.objects += x.objects;
      byCase.set(caseId, cur);
    }
    const events = [...byCase].map(([caseId, v]) => ({
      action: "share.serve" as const,
      entityType: "sharing_partner",
      entityId: t.partner.id,
      caseId,
      data: { partner: t.partner.name, endpoint: input.endpoint, objects: v.objects, shares: v.shares },
    }));
    if (!events.length) throw new Error("recording a TAXII read: none of the shares served exists");
    return { result: { ok: true }, audit: events[0], also: events.slice(1) };
  },
});
