// Builds an approved export into its package: read the case (load.ts), assemble the content
// (assemble.ts), render the PDF (lib/package/pdf), bag it with the natives and sign it
// (lib/package/bag). Nothing is written here: the job stores the bytes and commits the outcome in
// one transaction, so a build killed half-way leaves nothing behind. Deterministic: every date
// comes from the approval, every list has a stable order.
import type { ExportPackage } from "../generated/prisma/client";
import { db } from "../db";
import { hostName } from "../env";
import { buildBag, type TBagFile } from "../package/bag";
import { drawnPages } from "../package/pdf/layout";
import { layoutPackage, renderPackagePdf } from "../package/pdf/render";
import { hostActor } from "../actors";
import { signingKeyInUse } from "../signing/identity";
import { assemblePackage } from "./assemble";
import { PackageBlockedError, personalDataBlockers } from "./guard";
import { loadPackageInput } from "./load";
import { PROFILE_LABELS } from "./schema";

export type TBuildProgress = { step: string; done: number; total: number };

/** The Bates start of this export: its own production's when it was built before, else the case's next. */
export async function batesStartOf(x: ExportPackage): Promise<number> {
  const own = await db().production.findUnique({ where: { exportId: x.id } });
  if (own) return own.firstNo;
  const last = await db().production.aggregate({ where: { caseId: x.caseId }, _max: { lastNo: true } });
  return (last._max.lastNo ?? 0) + 1;
}

/** `signal` (the job's) stops the build while it renders, the longest step; nothing is written either way. */
export async function buildPackage(x: ExportPackage, progress: (p: TBuildProgress) => void = () => {}, signal?: AbortSignal) {
  if (!x.approvedAt || !x.approvedById) throw new Error(`export ${x.id} is not approved`);
  const c = await db().case.findUniqueOrThrow({ where: { id: x.caseId }, select: { ref: true } });
  const batesStart = await batesStartOf(x);
  progress({ step: "Reading the case", done: 1, total: 5 });
  const input = await loadPackageInput(x, { prefix: c.ref, start: batesStart });
  progress({ step: "Assembling findings and exhibits", done: 2, total: 5 });
  const assembled = assemblePackage(input);
  const layout = await layoutPackage(assembled.doc);
  if (x.profile === "congressional") {
    // A policy stop, before anything is drawn: what would leave, masked, and where.
    const blockers = personalDataBlockers(assembled, drawnPages(layout), input.redaction.known);
    if (blockers.length) throw new PackageBlockedError(blockers);
  }
  progress({ step: "Rendering the PDF", done: 3, total: 5 });
  const pdf = await renderPackagePdf(assembled.doc, { signal, layout });
  progress({ step: "Bagging and signing", done: 4, total: 5 });
  const enc = new TextEncoder();
  const pdfName = `${c.ref}-${x.profile === "legal_referral" ? "legal-referral" : "congressional"}.pdf`;
  const payload: TBagFile[] = [{ path: pdfName, bytes: pdf.bytes }, ...assembled.natives.map((n) => ({ path: n.path, bytes: enc.encode(n.text) }))];
  const approved = x.approvedAt.toISOString();
  // The installation's key only: a worker given another key refuses here (lib/signing/identity.ts).
  const signer = await signingKeyInUse(hostActor(hostName()));
  const bag = await buildBag(
    {
      name: `${c.ref}_${x.profile}_${x.id}`,
      createdAt: x.approvedAt,
      info: [
        ["Source-Organization", "Casebook"],
        ["External-Identifier", `${c.ref}/${x.id}`],
        ["Casebook-Case", c.ref],
        ["Casebook-Export-Id", x.id],
        ["Casebook-Profile", PROFILE_LABELS[x.profile]],
        ["Casebook-Created-At", approved],
        ["Casebook-Requester", input.requester],
        ["Casebook-Approver", input.approver],
        ["Casebook-Audit-Head", `${input.auditHead.seq} ${input.auditHead.hash}`],
        ["Casebook-Bates-Range", `${pdf.batesFirst}–${pdf.batesLast}`],
        ["Bagging-Date", approved.slice(0, 10)],
        ["External-Description", `${PROFILE_LABELS[x.profile]} evidence package of case ${c.ref}: ${pdf.pageCount} pages, Bates ${pdf.batesFirst} to ${pdf.batesLast}.`],
      ],
      payload,
    },
    signer,
  );
  progress({ step: "Storing the package", done: 5, total: 5 });
  return { zip: bag.zip, sha256: bag.sha256, files: bag.files.length, pageCount: pdf.pageCount, batesFirst: pdf.batesFirst, batesLast: pdf.batesLast, batesStart, batesEnd: batesStart + pdf.pageCount - 1, prefix: c.ref, pdf: pdf.bytes, natives: assembled.natives };
}
