// Template families of a case, biggest first, with the representative prompt and the member least
// like it, for the Templates tab and the figures.
import "server-only";
import { reader } from "../access";
import type { TSessionUser } from "../session";

export async function listFamilies(user: TSessionUser, caseId: string, take = 50) {
  const read = reader(user);
  if (!(await read.$seesCase(caseId))) return null;
  const [families, total] = await Promise.all([
    read.templateFamily.findMany({ where: { caseId }, orderBy: [{ samples: "desc" }, { key: "asc" }], take }),
    read.templateFamily.count({ where: { caseId } }),
  ]);
  const ids = families.flatMap((f) => [f.representativeExchangeId, f.contrastExchangeId]);
  const texts = new Map(
    (await read.exchange.findMany({ where: { id: { in: ids } }, select: { id: true, externalId: true, prompt: true } })).map((e) => [e.id, { externalId: e.externalId, prompt: e.prompt ?? "" }]),
  );
  return {
    total,
    items: families.map((f) => ({
      id: f.id,
      key: f.key,
      samples: f.samples,
      accounts: f.accounts,
      firstSeen: f.firstSeen,
      lastSeen: f.lastSeen,
      representative: { id: String(f.representativeExchangeId), ...(texts.get(f.representativeExchangeId) ?? { externalId: "", prompt: "" }) },
      contrast: { id: String(f.contrastExchangeId), ...(texts.get(f.contrastExchangeId) ?? { externalId: "", prompt: "" }) },
    })),
  };
}

export type TFamilyItem = NonNullable<Awaited<ReturnType<typeof listFamilies>>>["items"][number];
