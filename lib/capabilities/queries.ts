// The capability taxonomy, with how many annotations each holds across the cases the reader sees.
import "server-only";
import { reader } from "../access";
import type { TSessionUser } from "../session";

export async function listCapabilities(user: TSessionUser) {
  const read = reader(user);
  const [caps, counts] = await Promise.all([
    read.capability.findMany({ orderBy: [{ sortOrder: "asc" }, { name: "asc" }] }),
    read.annotation.groupBy({ by: ["capabilityId"], _count: true }),
  ]);
  const n = new Map(counts.map((c) => [c.capabilityId, c._count]));
  return caps.map((c) => ({ id: c.id, key: c.key, name: c.name, description: c.description, annotations: n.get(c.id) ?? 0 }));
}

export type TCapabilityItem = Awaited<ReturnType<typeof listCapabilities>>[number];
