// Evidence custody: every download is a link in the chain of custody (and an audit event).
import { z } from "zod";
import { defineAction } from "../action";
import { loadCaseContext } from "../cases/context";
import { notFound } from "../errors";

export const recordEvidenceDownloadAction = defineAction({
  name: "evidence.download",
  input: z.object({ evidenceId: z.string().min(1), via: z.enum(["ui", "api"]) }),
  permission: "case.view",
  async load(tx, input, user) {
    // The case comes from the evidence item itself, never from the caller.
    const item = await tx.evidenceItem.findUnique({ where: { id: input.evidenceId }, select: { caseId: true } });
    if (!item) throw notFound("That evidence item");
    return loadCaseContext(tx, item.caseId, user);
  },
  async run({ tx, input, user }) {
    const item = await tx.evidenceItem.findUniqueOrThrow({ where: { id: input.evidenceId } });
    await tx.custodyEvent.create({ data: { evidenceItemId: item.id, actorId: user.id, action: "downloaded", note: `downloaded via ${input.via}`, sha256: item.sha256 } });
    return { result: item, audit: { entityType: "evidence_item", entityId: item.id, data: { sha256: item.sha256, originalName: item.originalName } } };
  },
});
