// User administration, by an admin in the app or at the console (the CLI makes the first admin).
// Each write is an action (lib/action.ts): validated, authorized ("user.manage"), transactional,
// audited. Passwords and hashes never reach the audit
// trail; a generated password is returned once, in the result, for the admin to hand over.
import { defineSystemAction } from "../action";
import type { TCaseRole, TRole } from "../authz";
import type { Tx } from "../db";
import { AppError, notFound } from "../errors";
import { ZAdminCreateUserInput, ZResetPasswordInput, ZSetUserDisabledInput, ZUpdateUserInput } from "./schema";
import { CASE_ROLES_FOR } from "../cases/team";
import { generatePassword, hashPassword } from "./password";


async function passwordFor(given: string | undefined) {
  const password = given ?? generatePassword();
  return { hash: await hashPassword(password), generated: given === undefined ? password : null };
}

async function findTarget(tx: Tx, userId: string) {
  const u = await tx.user.findUnique({ where: { id: userId }, select: { id: true, email: true, name: true, role: true, disabled: true } });
  if (!u) throw notFound("That user");
  return u;
}

const a = (word: string) => `${/^[aeiou]/.test(word) ? "an" : "a"} ${word}`;
const listRefs = (refs: string[]) => [...new Set(refs)].sort().join(", ");

/** Refuses a role change that would leave the person on a case in a role the new role cannot hold. */
async function checkRoleFitsCases(tx: Tx, target: { id: string; name: string }, role: TRole) {
  const led = await tx.case.findMany({ where: { leadId: target.id }, select: { ref: true } });
  if (led.length && role !== "analyst") {
    throw new AppError("conflict", "This role change conflicts with the person's cases.", [
      { field: "role", message: `${target.name} leads ${listRefs(led.map((c) => c.ref))}; a case lead must stay an analyst. Make someone else the lead first.` },
    ]);
  }
  const memberships = await tx.caseMember.findMany({ where: { userId: target.id }, select: { role: true, case: { select: { ref: true } } } });
  const misfits = memberships.filter((m) => !CASE_ROLES_FOR[role].includes(m.role as TCaseRole));
  if (misfits.length) {
    const byRole = new Map<string, string[]>();
    for (const m of misfits) byRole.set(m.role, [...(byRole.get(m.role) ?? []), m.case.ref]);
    const parts = [...byRole].map(([caseRole, refs]) => `${a(caseRole)} on ${listRefs(refs)}`);
    const allowed = CASE_ROLES_FOR[role].join(" or ");
    throw new AppError("conflict", "This role change conflicts with the person's cases.", [
      { field: "role", message: `${target.name} is ${parts.join(" and ")}; remove them from those cases first (${a(role)} can only be ${allowed} on a case).` },
    ]);
  }
}

const emailTaken = () => new AppError("conflict", "That email is taken.", [{ field: "email", message: "A user with this email already exists." }]);

export const createUserAction = defineSystemAction({
  name: "user.create",
  input: ZAdminCreateUserInput,
  permission: "user.manage",
  async run({ tx, input }) {
    if (await tx.user.findUnique({ where: { email: input.email }, select: { id: true } })) {
      throw emailTaken();
    }
    const { hash, generated } = await passwordFor(input.password);
    const u = await tx.user
      .create({ data: { email: input.email, name: input.name, role: input.role, passwordHash: hash }, select: { id: true, email: true, name: true, role: true } })
      .catch((e: unknown) => {
        // Someone created the same email between the check above and this insert.
        if ((e as { code?: string }).code === "P2002") throw emailTaken();
        throw e;
      });
    return {
      result: { ...u, generatedPassword: generated },
      audit: { action: "user.create", entityType: "user", entityId: u.id, caseId: null, data: { email: u.email, name: u.name, role: u.role, passwordGenerated: generated !== null } },
    };
  },
});

export const updateUserAction = defineSystemAction({
  name: "user.update",
  input: ZUpdateUserInput,
  permission: "user.manage",
  async run({ tx, input, user }) {
    const before = await findTarget(tx, input.userId);
    if (before.id === user?.id && input.role !== "admin") {
      throw new AppError("forbidden", "You cannot remove your own admin role.", [{ field: "role", message: "Ask another admin to change your role." }]);
    }
    if (input.role !== before.role) await checkRoleFitsCases(tx, before, input.role);
    const changes: Record<string, { from: string; to: string }> = {};
    if (before.name !== input.name) changes.name = { from: before.name, to: input.name };
    if (before.role !== input.role) changes.role = { from: before.role, to: input.role };
    const after = await tx.user.update({ where: { id: before.id }, data: { name: input.name, role: input.role }, select: { id: true, name: true, role: true } });
    return { result: after, audit: { action: "user.update", entityType: "user", entityId: after.id, caseId: null, data: { email: before.email, changes } } };
  },
});

export const setUserDisabledAction = defineSystemAction({
  name: "user.setDisabled",
  input: ZSetUserDisabledInput,
  permission: "user.manage",
  async run({ tx, input, user }) {
    const before = await findTarget(tx, input.userId);
    if (before.id === user?.id && input.disabled) {
      throw new AppError("forbidden", "You cannot disable your own account.", [{ field: "disabled", message: "Ask another admin to disable your account." }]);
    }
    // lib/session.ts re-reads the user on every request, so a disabled user is out on their next one.
    const after = await tx.user.update({ where: { id: before.id }, data: { disabled: input.disabled }, select: { id: true, disabled: true } });
    const changes: Record<string, { from: boolean; to: boolean }> = before.disabled === input.disabled ? {} : { disabled: { from: before.disabled, to: input.disabled } };
    const data = { email: before.email, changes };
    const about = { entityType: "user", entityId: after.id, caseId: null };
    return { result: after, audit: input.disabled ? { action: "user.disable" as const, ...about, data } : { action: "user.enable" as const, ...about, data } };
  },
});

export const resetPasswordAction = defineSystemAction({
  name: "user.resetPassword",
  input: ZResetPasswordInput,
  permission: "user.manage",
  async run({ tx, input }) {
    const target = await findTarget(tx, input.userId);
    const { hash, generated } = await passwordFor(input.password);
    await tx.user.update({ where: { id: target.id }, data: { passwordHash: hash } });
    return {
      result: { id: target.id, generatedPassword: generated },
      audit: { action: "user.resetPassword", entityType: "user", entityId: target.id, caseId: null, data: { email: target.email, passwordGenerated: generated !== null } },
    };
  },
});
