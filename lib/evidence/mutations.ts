// Evidence custody: every download is a link in the chain of custody (and an audit event).
import { z } from "zod";
import { defineAction } from "../action";
import { loadCaseContext } from "../cases/context";
import { onPrisma } from "../db/sql";
import { notFound } from "../errors";
import { addCustody } from "./record";

export const recordEvidenceDownloadAction = defineAction({
  name: "evidence.download",
  input: z.object({ evidenceId: z.string().min(1), via: z.enum(["ui", "api"]) }),
  permission: "case.view",
  async load(tx, input, actor) {
    // The case comes from the evidence item itself, never from the caller.
    const item = await tx.evidenceItem.findUnique({ where: { id: input.evidenceId }, select: { caseId: true } });
    if (!item) throw notFound("That evidence item");
    return loadCaseContext(tx, item.caseId, actor);
  },
  async run({ tx, input, user }) {
    const item = await tx.evidenceItem.findUniqueOrThrow({ where: { id: input.evidenceId } });
    await addCustody(onPrisma(tx), item.id, item.sha256, [{ action: "downloaded", actorId: user.id, note: `downloaded via ${input.via}` }]);
    return { result: item, audit: { action: "evidence.download", entityType: "evidence_item", entityId: item.id, data: { sha256: item.sha256, originalName: item.originalName } } };
  },
});
