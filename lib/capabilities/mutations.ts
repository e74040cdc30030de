// Admins edit the capability taxonomy. Annotations point at a capability by id, so renaming one
// keeps every annotation made under it; keys stay as they were made (rules and imports use them).
import { defineAction } from "../action";
import { AppError, notFound } from "../errors";
import { ZCreateCapability, ZUpdateCapability } from "./schema";

export const createCapabilityAction = defineAction({
  name: "capability.create",
  input: ZCreateCapability,
  permission: "taxonomy.manage",
  async run({ tx, input }) {
    if (await tx.capability.findUnique({ where: { key: input.key } })) {
      throw new AppError("conflict", `A capability with the key '${input.key}' already exists.`, [{ field: "key", message: "Pick another key." }]);
    }
    const last = await tx.capability.aggregate({ _max: { sortOrder: true } });
    const c = await tx.capability.create({ data: { key: input.key, name: input.name, description: input.description, sortOrder: (last._max.sortOrder ?? -1) + 1 } });
    return { result: c, audit: { action: "capability.create", entityType: "capability", entityId: c.id, caseId: null, data: { key: c.key, name: c.name } } };
  },
});

export const updateCapabilityAction = defineAction({
  name: "capability.update",
  input: ZUpdateCapability,
  permission: "taxonomy.manage",
  async run({ tx, input }) {
    const before = await tx.capability.findUnique({ where: { id: input.capabilityId } });
    if (!before) throw notFound("That capability");
    const c = await tx.capability.update({ where: { id: before.id }, data: { name: input.name, description: input.description } });
    const changes = Object.fromEntries(
      (["name", "description"] as const).filter((f) => before[f] !== c[f]).map((f) => [f, { from: before[f], to: c[f] }]),
    );
    return { result: c, audit: { action: "capability.update", entityType: "capability", entityId: c.id, caseId: null, data: { key: c.key, changes } } };
  },
});
