// One write path for every actor: the CLI, the seed, the worker and sign-in write through actions,
// each named in a typed audit event; CLI tokens get the same expiry and cap as tokens made in
// Settings; every sign-in, failed or not, is audited.
import os from "node:os";
import { describe, expect, it } from "vitest";
import { runAction } from "../lib/action";
import { cliActor, seedActor } from "../lib/actors";
import { AUDIT_EVENTS, type TAuditAction } from "../lib/audit/events";
import { authOptions } from "../lib/auth/options";
import { createCaseAction } from "../lib/cases/mutations";
import { db } from "../lib/db";
import { createTokenAction, MAX_ACTIVE_TOKENS } from "../lib/tokens/mutations";
import { createUserAction } from "../lib/users/mutations";
import { hashPassword } from "../lib/users/password";
import { makeUser } from "./fixtures";
import { caseWithToken, drain, upload } from "./import-client";

const cliLabel = `cli (${os.userInfo().username}@${os.hostname()})`;
const lastEvent = (entityId: string) => db().auditEvent.findFirstOrThrow({ where: { entityId }, orderBy: { seq: "desc" } });
/** The event's data has the shape lib/audit/events.ts gives its action. */
const typed = (e: { action: string; data: unknown }) => (AUDIT_EVENTS[e.action as TAuditAction].data as { safeParse(v: unknown): { success: boolean } }).safeParse(e.data).success;

describe("system actors", () => {
  it("the CLI creates a user through the action, named in the audit event, with a generated password", async () => {
    const email = `cli-${Date.now()}@test.local`;
    const r = await runAction(createUserAction, cliActor(), { email, name: "First Admin", role: "admin" });
    if (!r.ok) throw new Error(r.error.message);
    expect(r.data.generatedPassword).toMatch(/^[A-Za-z0-9_-]{20}$/);
    const e = await lastEvent(r.data.id);
    expect(e).toMatchObject({ action: "user.create", actorId: null, actorLabel: cliLabel, data: { email, role: "admin", passwordGenerated: true } });
    expect(typed(e)).toBe(true);
  });

  it("the CLI acting as a person has that person's permissions, and the event names both", async () => {
    const analyst = await makeUser("analyst");
    const reviewer = await makeUser("reviewer");
    const asReviewer = await runAction(createCaseAction, cliActor(reviewer), { title: "Not allowed", leadId: analyst.id, members: [] });
    expect(asReviewer).toMatchObject({ ok: false, error: { code: "forbidden" } });
    const r = await runAction(createCaseAction, cliActor(analyst), { title: "Opened at the console", leadId: analyst.id, members: [] });
    if (!r.ok) throw new Error(r.error.message);
    expect(await lastEvent(r.data.id)).toMatchObject({ action: "case.create", actorId: analyst.id, actorLabel: `${analyst.name} <${analyst.email}> via ${cliLabel}` });
  });

  it("the seed writes as the demo person it acts for", async () => {
    const analyst = await makeUser("analyst");
    const r = await runAction(createCaseAction, seedActor(analyst), { title: "Seeded case", leadId: analyst.id, members: [] });
    if (!r.ok) throw new Error(r.error.message);
    const e = await lastEvent(r.data.id);
    expect(e).toMatchObject({ action: "case.create", actorId: analyst.id, actorLabel: `${analyst.name} <${analyst.email}> via demo seed` });
    expect(typed(e)).toBe(true);
    // On its own the seed may create users, not cases.
    expect(await runAction(createCaseAction, seedActor(), { title: "x", leadId: analyst.id, members: [] })).toMatchObject({ ok: false, error: { code: "forbidden" } });
  });

  it("the worker's events name the worker, and the import's outcome the person it ran for", async () => {
    const { analyst, c, token } = await caseWithToken();
    const imp = (await (await upload(c.id, token, "accounts", "account_id,created_at\nw_1,2026-04-01T00:00:00Z\n", "w.csv")).json()) as { id: string };
    await drain();
    const events = await db().auditEvent.findMany({ where: { entityId: imp.id }, orderBy: { seq: "asc" } });
    expect(events.map((e) => [e.action, e.actorId])).toEqual([
      ["import.submit", analyst.id],
      ["import.started", null],
      ["import.succeeded", analyst.id],
    ]);
    expect(events[1].actorLabel).toMatch(/^worker test-worker:\d+$/);
    expect(events[2].actorLabel).toMatch(new RegExp(`^${analyst.name} <${analyst.email.replace(/[.]/g, "\\.")}> via worker test-worker:\\d+$`));
    expect(events.every(typed)).toBe(true);
  });
});

describe("API tokens from the CLI and from Settings", () => {
  it("expire after 90 days by default either way, and never only when asked", async () => {
    const person = await makeUser("analyst");
    const now = Date.now();
    const fromCli = await runAction(createTokenAction, cliActor(), { ownerEmail: person.email, name: "pipeline" });
    const fromUi = await runAction(createTokenAction, person, { name: "laptop" });
    for (const r of [fromCli, fromUi]) {
      if (!r.ok) throw new Error(r.error.message);
      const days = (Date.parse(r.data.expiresAt!) - now) / 86_400_000;
      expect(days).toBeGreaterThan(89.9);
      expect(days).toBeLessThan(90.1);
    }
    const forever = await runAction(createTokenAction, cliActor(), { ownerEmail: person.email, name: "forever", expiresInDays: null });
    expect(forever).toMatchObject({ ok: true, data: { expiresAt: null } });
    const cliEvent = await lastEvent((fromCli as { data: { id: string } }).data.id);
    expect(cliEvent).toMatchObject({ action: "token.create", actorLabel: cliLabel, data: { owner: person.email, name: "pipeline" } });
  });

  it("share one cap of active tokens a person", async () => {
    const person = await makeUser("analyst");
    for (let i = 0; i < MAX_ACTIVE_TOKENS - 1; i++) expect((await runAction(createTokenAction, person, { name: `t${i}` })).ok).toBe(true);
    expect((await runAction(createTokenAction, cliActor(), { ownerEmail: person.email, name: "last one" })).ok).toBe(true);
    expect(await runAction(createTokenAction, cliActor(), { ownerEmail: person.email, name: "one too many" })).toMatchObject({
      ok: false,
      error: { code: "conflict", message: `${person.email} already has ${MAX_ACTIVE_TOKENS} active tokens; revoke one no longer used first.` },
    });
    expect(await runAction(createTokenAction, person, { name: "from settings" })).toMatchObject({ ok: false, error: { code: "conflict" } });
    expect(await db().apiToken.count({ where: { userId: person.id } })).toBe(MAX_ACTIVE_TOKENS);
  });

  it("refuse a person making a token for someone else, unless they are an admin", async () => {
    const [a, b, admin] = [await makeUser("analyst"), await makeUser("analyst"), await makeUser("admin")];
    expect(await runAction(createTokenAction, a, { ownerEmail: b.email, name: "not mine" })).toMatchObject({ ok: false, error: { code: "forbidden" } });
    expect(await runAction(createTokenAction, admin, { ownerEmail: b.email, name: "for b" })).toMatchObject({ ok: true, data: { owner: b.email } });
  });
});

describe("sign-in", () => {
  const authorize = (authOptions.providers[0] as unknown as { options: { authorize: (c: unknown, req: unknown) => Promise<unknown> } }).options.authorize;
  const req = { headers: { "x-forwarded-for": "198.51.100.7, 10.0.0.1" } };

  it("audits a success, a wrong password, an unknown user and a disabled user", async () => {
    const u = await makeUser("analyst");
    await db().user.update({ where: { id: u.id }, data: { passwordHash: await hashPassword("correct horse battery", 4) } });

    expect(await authorize({ email: u.email, password: "wrong password!" }, req)).toBeNull();
    expect(await lastEvent(u.id)).toMatchObject({ action: "auth.signInFailed", actorId: null, actorLabel: "sign-in", data: { email: u.email, reason: "wrong_password", ip: "198.51.100.7" } });

    expect(await authorize({ email: u.email.toUpperCase(), password: "correct horse battery" }, req)).toMatchObject({ id: u.id });
    const ok = await lastEvent(u.id);
    expect(ok).toMatchObject({ action: "auth.signIn", actorId: u.id, actorLabel: `${u.name} <${u.email}> via sign-in`, data: { email: u.email, ip: "198.51.100.7" } });
    expect((await db().user.findUniqueOrThrow({ where: { id: u.id } })).lastLoginAt).not.toBeNull();

    const nobody = `nobody-${Date.now()}@test.local`;
    expect(await authorize({ email: nobody, password: "whatever it is" }, { headers: {} })).toBeNull();
    expect(await lastEvent(nobody)).toMatchObject({ action: "auth.signInFailed", data: { email: nobody, reason: "unknown_user", ip: null } });

    await db().user.update({ where: { id: u.id }, data: { disabled: true } });
    expect(await authorize({ email: u.email, password: "correct horse battery" }, req)).toBeNull();
    const disabled = await lastEvent(u.id);
    expect(disabled).toMatchObject({ action: "auth.signInFailed", data: { reason: "disabled" } });
    expect([ok, disabled].every(typed)).toBe(true);
  });
});
