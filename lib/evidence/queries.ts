// Evidence items of a case with their chain of custody, read through reader(user) (lib/access.ts).
import { reader } from "../access";
import type { TSessionUser } from "../session";

export async function listEvidence(user: TSessionUser, caseId: string) {
  const read = reader(user);
  if (!(await read.$seesCase(caseId))) return null;
  const items = await read.evidenceItem.findMany({
    where: { caseId },
    orderBy: { acquiredAt: "desc" },
    include: { acquiredBy: { select: { name: true } }, custody: { orderBy: { at: "asc" }, include: { actor: { select: { name: true } } } } },
  });
  return items.map((e) => ({
    id: e.id,
    kind: e.kind,
    originalName: e.originalName,
    mediaType: e.mediaType,
    sizeBytes: Number(e.sizeBytes),
    sha256: e.sha256,
    source: e.source,
    description: e.description,
    acquiredBy: e.acquiredBy.name,
    acquiredAt: e.acquiredAt.toISOString(),
    custody: e.custody.map((c) => ({ at: c.at.toISOString(), actor: c.actor.name, action: c.action, note: c.note, sha256: c.sha256 })),
  }));
}
export type TEvidenceJson = NonNullable<Awaited<ReturnType<typeof listEvidence>>>[number];
