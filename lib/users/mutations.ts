// User administration, by an admin in the app or at the console (the CLI makes the first admin).
// Each write is an action (lib/action.ts): validated, authorized ("user.manage"), transactional,
// audited. Passwords and hashes never reach the audit
// trail; a generated password is returned once, in the result, for the admin to hand over.
import { defineSystemAction } from "../action";
import type { TCaseRole, TRole } from "../authz";
import type { Tx } from "../db";
import { AppError, notFound } from "../errors";
import { principalOf } from "../authz";
import { ZAdminCreateUserInput, ZResetPasswordInput, ZSetUserDisabledInput, ZSignOutEverywhereInput, ZUpdateUserInput } from "./schema";
import { CASE_ROLES_FOR } from "../cases/team";
import { generatePassword, hashPassword } from "./password";
import { refuseIfChanged } from "../concurrency";


async function passwordFor(given: string | undefined) {
  const password = given ?? generatePassword();
  return { hash: await hashPassword(password), generated: given === undefined ? password : null };
}

async function findTarget(tx: Tx, userId: string) {
  const u = await tx.user.findUnique({ where: { id: userId }, select: { id: true, email: true, name: true, role: true, disabled: true, updatedAt: true } });
  if (!u) throw notFound("That user");
  return u;
}

/**
 * Ends every session of the user (the JWTs carry the old version, lib/session.ts refuses them) and,
 * with `revokeTokens`, revokes their API tokens: a stolen session can mint a token, so ending the
 * sessions alone would leave that way in open.
 */
async function endSessions(tx: Tx, userId: string, revokeTokens: boolean): Promise<number> {
  // eslint-disable-next-line no-restricted-syntax -- ending sessions, in the transaction of the user action that calls it (its event says so)
  await tx.user.update({ where: { id: userId }, data: { sessionVersion: { increment: 1 } } });
  if (!revokeTokens) return 0;
  // eslint-disable-next-line no-restricted-syntax -- as above: the tokens revoked with the sessions
  const r = await tx.apiToken.updateMany({ where: { userId, revokedAt: null }, data: { revokedAt: new Date() } });
  return r.count;
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
    await refuseIfChanged(tx, { seen: input.seen, updatedAt: before.updatedAt, entityType: "user", entityId: before.id, what: "this user", now: `named “${before.name}”, ${before.role}${before.disabled ? ", disabled" : ""}` });
    if (before.id === user?.id && input.role !== "admin") {
      throw new AppError("forbidden", "You cannot remove your own admin role.", [{ field: "role", message: "Ask another admin to change your role." }]);
    }
    if (input.role !== before.role) await checkRoleFitsCases(tx, before, input.role);
    const changes: Record<string, { from: string; to: string }> = {};
    if (before.name !== input.name) changes.name = { from: before.name, to: input.name };
    if (before.role !== input.role) changes.role = { from: before.role, to: input.role };
    const after = await tx.user.update({ where: { id: before.id }, data: { name: input.name, role: input.role }, select: { id: true, name: true, role: true } });
    // A new role applies on the next request anyway (the user is re-read); ending the sessions also
    // drops pages and forms rendered for the old role. API tokens stay: they act with the current role.
    if (changes.role) await endSessions(tx, before.id, false);
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
    // lib/session.ts and lib/tokens/auth.ts re-read the user on every request, so a disabled user is
    // out on their next one; the version bump also keeps a re-enabled user's old sessions dead.
    const after = await tx.user.update({ where: { id: before.id }, data: { disabled: input.disabled }, select: { id: true, disabled: true } });
    if (before.disabled !== input.disabled) await endSessions(tx, before.id, false);
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
    // A reset is what an admin does when an account may be compromised: every session and token ends.
    const tokensRevoked = await endSessions(tx, target.id, true);
    return {
      result: { id: target.id, generatedPassword: generated, tokensRevoked },
      audit: { action: "user.resetPassword", entityType: "user", entityId: target.id, caseId: null, data: { email: target.email, passwordGenerated: generated !== null, tokensRevoked } },
    };
  },
});

/** "Sign out everywhere": every browser session of the user ends and every API token is revoked. */
export const signOutEverywhereAction = defineSystemAction({
  name: "auth.signOutEverywhere",
  input: ZSignOutEverywhereInput,
  permission: (input, _ctx, actor) => (!input.userId || input.userId === principalOf(actor)?.id ? "session.endOwn" : "user.manage"),
  async run({ tx, input, user }) {
    const targetId = input.userId ?? user?.id;
    if (!targetId) throw new AppError("bad_input", "Say whose sessions to end.", [{ field: "userId", message: "Name a user." }]);
    const target = await findTarget(tx, targetId);
    const tokensRevoked = await endSessions(tx, target.id, true);
    return {
      result: { id: target.id, tokensRevoked },
      audit: { action: "auth.signOutEverywhere", entityType: "user", entityId: target.id, caseId: null, data: { email: target.email, tokensRevoked } },
    };
  },
});
