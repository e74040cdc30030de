// A partner lab's STIX bundle, into a case: the bytes are stored (content-addressed, SHA-256 while
// streaming) before anything else, then one audited action records them as an evidence item with
// its chain of custody and keeps the bundle's indicators as sent (keyed values stay keyed) for
// matching (lib/sharing/match.ts). A bundle that does not validate is refused with its problems,
// and nothing of it is kept in the case. The same bytes again in the same case change nothing.
import { buffer } from "node:stream/consumers";
import { defineAction, runAction, type TResult } from "../action";
import { can, type TActor } from "../authz";
import { loadCaseContext } from "../cases/context";
import { db } from "../db";
import { onPrisma } from "../db/sql";
import { AppError, toActionError } from "../errors";
import { recordEvidence } from "../evidence/record";
import { BlobIntegrityError } from "../storage/blob-store";
import { blobStore } from "../storage/store";
import { readPeerBundle } from "./peer-bundle";
import { MAX_PEER_BUNDLE_BYTES, ZImportPeerBundle } from "./schema";

export const importPeerBundleAction = defineAction({
  name: "peer.import",
  input: ZImportPeerBundle,
  permission: "peer.import",
  load: (tx, input, actor) => loadCaseContext(tx, input.caseId, actor),
  timeoutMs: 120_000,
  async run({ tx, input, ctx, user }) {
    const partner = await tx.sharingPartner.findUnique({ where: { id: input.partnerId }, select: { id: true, name: true } });
    if (!partner) throw new AppError("bad_input", "There is no such partner.", [{ field: "partnerId", message: "Pick the partner that sent the bundle." }]);
    // The store gives back the bytes that were stored (checked as they are read), or the import stops here.
    const bytes = await buffer(blobStore().read(input.sha256, { why: "partner bundle import" })).catch((e: unknown) => {
      throw e instanceof BlobIntegrityError ? new AppError("conflict", e.message) : e;
    });
    const earlier = await tx.peerBundle.findFirst({ where: { caseId: ctx.caseId, evidence: { sha256: input.sha256 } }, select: { id: true, indicatorCount: true } });
    const audit = (data: { indicators: number; expired: number; skipped: number; duplicate: boolean }, entityId: string) => ({
      action: "peer.import" as const,
      entityType: "peer_bundle",
      entityId,
      data: { partner: partner.name, fileName: input.fileName, sha256: input.sha256, ...data },
    });
    if (earlier) return { result: { id: earlier.id, duplicate: true }, audit: audit({ indicators: earlier.indicatorCount, expired: 0, skipped: 0, duplicate: true }, earlier.id) };
    const parsed = readPeerBundle(bytes.toString("utf8"), new Date());
    if (!parsed.ok) {
      throw new AppError(
        "bad_input",
        `This is not a STIX 2.1 bundle Casebook can take: ${parsed.problems.length} problem(s), the first: ${parsed.problems[0]?.path}: ${parsed.problems[0]?.message}`,
        parsed.problems.slice(0, 50).map((p) => ({ field: p.path, message: p.message })),
      );
    }
    const evidenceItemId = await recordEvidence(
      onPrisma(tx),
      {
        caseId: ctx.caseId,
        kind: "partner_bundle",
        originalName: input.fileName,
        mediaType: "application/stix+json;version=2.1",
        sizeBytes: input.sizeBytes,
        sha256: input.sha256,
        storageKey: input.sha256,
        source: input.via,
        description: `STIX 2.1 bundle from ${partner.name}${parsed.lab ? ` (identity “${parsed.lab}”)` : ""}${input.source ? `, read from ${input.source}` : ""}`,
        acquiredById: user.id,
        acquiredAt: new Date(),
      },
      [{ action: "received", actorId: user.id, note: `Received from ${partner.name}${input.source ? ` at ${input.source}` : ""} (${input.via})` }],
    );
    const b = await tx.peerBundle.create({
      data: {
        caseId: ctx.caseId,
        partnerId: partner.id,
        evidenceItemId,
        bundleId: parsed.bundle.id,
        lab: parsed.lab,
        tlp: parsed.tlp,
        objectCount: parsed.bundle.objects.length,
        indicatorCount: parsed.indicators.length,
        skipped: parsed.skipped,
        campaign: parsed.campaign ?? undefined,
        importedById: user.id,
      },
      select: { id: true },
    });
    await tx.peerIndicator.createMany({
      data: parsed.indicators.map((i) => ({
        peerBundleId: b.id,
        stixId: i.stixId,
        kind: i.kind,
        keyed: i.keyed,
        value: i.value,
        validFrom: new Date(i.validFrom),
        validUntil: i.validUntil ? new Date(i.validUntil) : null,
      })),
    });
    const expired = parsed.indicators.filter((i) => i.expired).length;
    return { result: { id: b.id, duplicate: false }, audit: audit({ indicators: parsed.indicators.length, expired, skipped: parsed.skipped, duplicate: false }, b.id) };
  },
});

/** Checks access before reading a byte, stores the body (at most MAX_PEER_BUNDLE_BYTES), then imports it. */
export async function importPeerBundle(
  actor: TActor | null,
  args: { caseId: string; partnerId: string; fileName: string; via: "ui" | "api" | "taxii" | "seed"; source?: string; body: AsyncIterable<Uint8Array> | null },
): Promise<TResult<{ id: string; duplicate: boolean }>> {
  try {
    if (!actor) throw new AppError("unauthenticated", "Sign in first.");
    const ctx = await db().$transaction((tx) => loadCaseContext(tx, args.caseId, actor));
    const d = can(actor, "peer.import", ctx.facts);
    if (!d.ok) throw new AppError("forbidden", d.reason);
    if (!args.body) throw new AppError("bad_input", "The request has no file in its body.");
    const blob = await blobStore()
      .put(args.body, MAX_PEER_BUNDLE_BYTES)
      .catch((e: unknown) => {
        // The store names the upload limit; a bundle has its own.
        if (e instanceof AppError && e.code === "too_large") throw new AppError("too_large", "A partner bundle may be at most 64 MiB: ask the partner to send its indicators in smaller bundles.");
        throw e;
      });
    if (blob.size === 0) throw new AppError("bad_input", "The file is empty.");
    return runAction(importPeerBundleAction, actor, { caseId: args.caseId, partnerId: args.partnerId, fileName: args.fileName, sha256: blob.sha256, sizeBytes: blob.size, via: args.via, source: args.source ?? "" });
  } catch (e) {
    return { ok: false, error: toActionError(e) };
  }
}
