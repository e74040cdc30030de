// A stored file that failed its SHA-256 check on the way out (lib/storage/blob-store.ts's
// checkedRead): recorded in the audit log of every case that relies on it (its evidence items,
// packages and imports), by the storage system actor of the process that read it, before the
// reader sees the error. Nothing is repaired here: the copy in a backup is the remedy.
import { z } from "zod";
import { defineSystemAction, runAction, type TAuditNote } from "../action";
import { storageActor } from "../actors";
import type { TIntegrityFailure } from "./blob-store";

export const recordIntegrityFailureAction = defineSystemAction({
  name: "storage.integrity_failed",
  input: z.object({ key: z.string().min(1), expected: z.string(), actual: z.string(), location: z.string(), why: z.string() }),
  permission: "storage.report",
  async run({ tx, input }) {
    const items = await tx.evidenceItem.findMany({ where: { storageKey: input.key }, select: { id: true, caseId: true }, orderBy: { acquiredAt: "asc" } });
    const exports = await tx.exportPackage.findMany({ where: { storageKey: input.key }, select: { id: true, caseId: true }, orderBy: { createdAt: "asc" } });
    const imports = await tx.importJob.findMany({ where: { sha256: input.key }, select: { id: true, caseId: true }, orderBy: { createdAt: "asc" } });
    const inCase = (caseId: string | null) => ({
      evidenceItems: items.filter((x) => x.caseId === caseId).map((x) => x.id),
      exports: exports.filter((x) => x.caseId === caseId).map((x) => x.id),
      imports: imports.filter((x) => x.caseId === caseId).map((x) => x.id),
    });
    const cases = [...new Set([...items, ...exports, ...imports].map((x) => x.caseId))];
    const events: TAuditNote[] = cases.map((caseId) => {
      const uses = inCase(caseId);
      // The event is about the case's record of the file: its evidence item, else its package, else its import.
      const [entityType, entityId] = uses.evidenceItems.length ? ["evidence_item", uses.evidenceItems[0]] : uses.exports.length ? ["export_package", uses.exports[0]] : ["import_job", uses.imports[0]];
      return { action: "storage.integrity_failed", caseId, entityType, entityId, data: { ...input, ...uses } };
    });
    // A file no case uses any more is still worth a line in the log.
    if (!events.length) events.push({ action: "storage.integrity_failed", caseId: null, entityType: "stored_file", entityId: input.key, data: { ...input, evidenceItems: [], exports: [], imports: [] } });
    return { result: { cases }, audit: events[0], also: events.slice(1) };
  },
});

/** The reporter the configured store uses (lib/storage/store.ts): logs, and records in the audit log. */
export async function recordIntegrityFailure(f: TIntegrityFailure): Promise<void> {
  console.error(`[storage] ${f.location}: file ${f.key} read for ${f.why} has SHA-256 ${f.actual}, not ${f.expected}`);
  const r = await runAction(recordIntegrityFailureAction, storageActor(), f);
  if (!r.ok) throw new Error(r.error.message);
}
