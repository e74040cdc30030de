// User administration: only admins, audited without secrets, and no role change that breaks a case team.
import bcrypt from "bcryptjs";
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { runAction } from "../lib/action";
import { db } from "../lib/db";
import { createUserAction, resetPasswordAction, setUserDisabledAction, updateUserAction } from "../lib/users/mutations";
import { getUser, listUsers } from "../lib/users/queries";
import { makeCase, makeUser } from "./fixtures";

const email = () => `new-${randomUUID().slice(0, 8)}@test.local`;

async function lastAuditFor(entityId: string) {
  return db().auditEvent.findFirstOrThrow({ where: { entityType: "user", entityId }, orderBy: { seq: "desc" } });
}

describe("user administration", () => {
  it("refuses every action and query to non-admins", async () => {
    const target = await makeUser("analyst");
    for (const role of ["analyst", "reviewer"] as const) {
      const actor = await makeUser(role);
      const before = await db().auditEvent.count();
      expect(await runAction(createUserAction, actor, { email: email(), name: "Mallory", role: "admin", password: "" })).toMatchObject({ ok: false, error: { code: "forbidden" } });
      expect(await runAction(updateUserAction, actor, { userId: target.id, name: "Renamed", role: "admin" })).toMatchObject({ ok: false, error: { code: "forbidden" } });
      expect(await runAction(setUserDisabledAction, actor, { userId: target.id, disabled: true })).toMatchObject({ ok: false, error: { code: "forbidden" } });
      expect(await runAction(resetPasswordAction, actor, { userId: target.id, password: "" })).toMatchObject({ ok: false, error: { code: "forbidden" } });
      expect(await db().auditEvent.count()).toBe(before);
      expect(await listUsers(actor)).toBeNull();
      expect(await getUser(actor, target.id)).toBeNull();
    }
    const after = await db().user.findUniqueOrThrow({ where: { id: target.id } });
    expect(after).toMatchObject({ name: target.name, role: "analyst", disabled: false, passwordHash: null });
  });

  it("creates a user with a generated password, returned once and never audited", async () => {
    const admin = await makeUser("admin");
    const addr = email();
    const r = await runAction(createUserAction, admin, { email: addr.toUpperCase(), name: "Rita Reviewer", role: "reviewer", password: "" });
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    const password = r.data.generatedPassword!;
    expect(password.length).toBeGreaterThanOrEqual(12);
    const stored = await db().user.findUniqueOrThrow({ where: { id: r.data.id } });
    expect(stored).toMatchObject({ email: addr, role: "reviewer", disabled: false });
    expect(await bcrypt.compare(password, stored.passwordHash!)).toBe(true);

    const event = await lastAuditFor(r.data.id);
    expect(event).toMatchObject({ action: "user.create", actorId: admin.id, caseId: null });
    expect(event.data).toMatchObject({ email: addr, role: "reviewer", passwordGenerated: true });
    const text = JSON.stringify(event.data);
    expect(text).not.toContain(password);
    expect(text).not.toContain(stored.passwordHash!);
    expect(text).not.toMatch(/hash/i);

    const listed = await listUsers(admin);
    expect(listed?.find((u) => u.id === r.data.id)).toMatchObject({ caseCount: 0, lastLoginAt: null });
  });

  it("keeps a chosen password, and refuses a short one and a duplicate email", async () => {
    const admin = await makeUser("admin");
    const addr = email();
    const r = await runAction(createUserAction, admin, { email: addr, name: "Chosen", role: "analyst", password: "a-long-enough-password" });
    expect(r).toMatchObject({ ok: true, data: { generatedPassword: null } });

    const dup = await runAction(createUserAction, admin, { email: ` ${addr.toUpperCase()} `, name: "Again", role: "analyst", password: "" });
    expect(dup).toMatchObject({ ok: false, error: { details: [{ field: "email", message: "A user with this email already exists." }] } });
    const short = await runAction(createUserAction, admin, { email: email(), name: "Short", role: "analyst", password: "short" });
    expect(short).toMatchObject({ ok: false, error: { code: "bad_input", details: [{ field: "password" }] } });
    expect(await db().user.count({ where: { email: addr } })).toBe(1);
  });

  it("updates name and role with the change in the audit trail", async () => {
    const admin = await makeUser("admin");
    const target = await makeUser("analyst");
    const r = await runAction(updateUserAction, admin, { userId: target.id, name: "Renamed Person", role: "reviewer" });
    expect(r).toMatchObject({ ok: true, data: { name: "Renamed Person", role: "reviewer" } });
    const event = await lastAuditFor(target.id);
    expect(event).toMatchObject({ action: "user.update", caseId: null });
    expect(event.data).toMatchObject({ changes: { name: { from: target.name, to: "Renamed Person" }, role: { from: "analyst", to: "reviewer" } } });
  });

  it("refuses self-demotion and self-disable", async () => {
    const admin = await makeUser("admin");
    const demote = await runAction(updateUserAction, admin, { userId: admin.id, name: admin.name, role: "analyst" });
    expect(demote).toMatchObject({ ok: false, error: { details: [{ field: "role" }] } });
    const disable = await runAction(setUserDisabledAction, admin, { userId: admin.id, disabled: true });
    expect(disable).toMatchObject({ ok: false, error: { code: "forbidden" } });
    expect(await db().user.findUniqueOrThrow({ where: { id: admin.id } })).toMatchObject({ role: "admin", disabled: false });
    // Renaming yourself is fine.
    expect(await runAction(updateUserAction, admin, { userId: admin.id, name: "Admin Renamed", role: "admin" })).toMatchObject({ ok: true });
  });

  it("refuses a role change that no longer fits a case role, naming the cases", async () => {
    const admin = await makeUser("admin");
    const lead = await makeUser("analyst");
    const reviewer = await makeUser("reviewer");
    const c = await makeCase(lead, { members: [{ userId: reviewer.id, role: "reviewer" }] });

    const r = await runAction(updateUserAction, admin, { userId: reviewer.id, name: reviewer.name, role: "analyst" });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe("conflict");
      expect(r.error.details[0].field).toBe("role");
      expect(r.error.details[0].message).toContain(`${reviewer.name} is a reviewer on ${c.ref}`);
      expect(r.error.details[0].message).toContain("remove them from those cases first");
    }

    const leadChange = await runAction(updateUserAction, admin, { userId: lead.id, name: lead.name, role: "reviewer" });
    expect(leadChange).toMatchObject({ ok: false, error: { code: "conflict", details: [{ field: "role" }] } });
    if (!leadChange.ok) expect(leadChange.error.details[0].message).toContain(c.ref);

    expect((await db().user.findUniqueOrThrow({ where: { id: reviewer.id } })).role).toBe("reviewer");
    expect((await db().user.findUniqueOrThrow({ where: { id: lead.id } })).role).toBe("analyst");
    expect((await getUser(admin, reviewer.id))?.memberships.map((m) => m.case.ref)).toEqual([c.ref]);
    // Observers fit every role.
    const watcher = await makeUser("reviewer");
    await makeCase(lead, { members: [{ userId: watcher.id, role: "observer" }] });
    expect(await runAction(updateUserAction, admin, { userId: watcher.id, name: watcher.name, role: "analyst" })).toMatchObject({ ok: true });
  });

  it("disables and re-enables a user, and resets a password without auditing it", async () => {
    const admin = await makeUser("admin");
    const target = await makeUser("analyst");
    expect(await runAction(setUserDisabledAction, admin, { userId: target.id, disabled: true })).toMatchObject({ ok: true, data: { disabled: true } });
    expect((await db().user.findUniqueOrThrow({ where: { id: target.id } })).disabled).toBe(true);
    expect(await lastAuditFor(target.id)).toMatchObject({ action: "user.disable", data: { changes: { disabled: { from: false, to: true } } } });
    expect(await runAction(setUserDisabledAction, admin, { userId: target.id, disabled: false })).toMatchObject({ ok: true, data: { disabled: false } });
    expect(await lastAuditFor(target.id)).toMatchObject({ action: "user.enable" });

    const reset = await runAction(resetPasswordAction, admin, { userId: target.id, password: "" });
    if (!reset.ok) throw new Error(JSON.stringify(reset.error));
    const hash = (await db().user.findUniqueOrThrow({ where: { id: target.id } })).passwordHash!;
    expect(await bcrypt.compare(reset.data.generatedPassword!, hash)).toBe(true);
    const event = await lastAuditFor(target.id);
    expect(event.action).toBe("user.resetPassword");
    expect(JSON.stringify(event.data)).not.toContain(reset.data.generatedPassword!);

    expect(await runAction(setUserDisabledAction, admin, { userId: "no-such-user", disabled: true })).toMatchObject({ ok: false, error: { code: "not_found" } });
  });
});
