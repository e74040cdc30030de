// Single sign-on's decision against the real database: match by verified email, refusals audited,
// auto-provisioning only when switched on, and then only as a reviewer.
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { oidcSignIn, PROVISIONED_ROLE, type TOidcClaims } from "../lib/auth/oidc";
import { db } from "../lib/db";
import { makeUser } from "./fixtures";

const OFF = { autoProvision: false };
const claims = (email: string, emailVerified = true): TOidcClaims => ({ sub: randomUUID(), email, emailVerified, name: "Provider Name" });
const events = (action: string, email: string) => db().auditEvent.findMany({ where: { action, data: { path: ["email"], equals: email } }, orderBy: { seq: "asc" } });

describe("single sign-on", () => {
  it("signs in the account with that verified email, whatever its case, with the account's own session version", async () => {
    const u = await makeUser("analyst");
    await db().user.update({ where: { id: u.id }, data: { sessionVersion: 3 } });
    const r = await oidcSignIn(claims(u.email.toUpperCase()), OFF, "198.51.100.9");
    expect(r).toEqual({ ok: true, user: { id: u.id, email: u.email, name: u.name, sessionVersion: 3 } });
    expect((await events("auth.signIn", u.email)).map((e) => e.data)).toEqual([{ email: u.email, ip: "198.51.100.9", via: "oidc" }]);
  });

  it("refuses an unverified email, a disabled account and an unknown email, and audits why", async () => {
    const u = await makeUser("analyst");
    expect(await oidcSignIn(claims(u.email, false), OFF, null)).toMatchObject({ ok: false, reason: "unverified_email" });
    await db().user.update({ where: { id: u.id }, data: { disabled: true } });
    expect(await oidcSignIn(claims(u.email), OFF, null)).toMatchObject({ ok: false, reason: "disabled" });
    const stranger = `stranger-${randomUUID().slice(0, 8)}@example.org`;
    expect(await oidcSignIn(claims(stranger), OFF, null)).toEqual({ ok: false, reason: "unknown_user", email: stranger });
    expect(await db().user.findUnique({ where: { email: stranger } })).toBeNull();

    expect((await events("auth.signInFailed", u.email)).map((e) => (e.data as { reason: string }).reason)).toEqual(["unverified_email", "disabled"]);
    expect((await events("auth.signInFailed", stranger))[0]!.data).toMatchObject({ reason: "unknown_user", via: "oidc" });
    expect(await events("auth.signIn", u.email)).toHaveLength(0);
  });

  it("with auto-provisioning on, makes an unknown verified email a reviewer on no case, without a password", async () => {
    const email = `new-${randomUUID().slice(0, 8)}@example.org`;
    const r = await oidcSignIn(claims(email), { autoProvision: true }, null);
    expect(r).toMatchObject({ ok: true, user: { email, name: "Provider Name", sessionVersion: 0 } });
    const made = await db().user.findUniqueOrThrow({ where: { email }, include: { memberships: true } });
    expect(made).toMatchObject({ role: PROVISIONED_ROLE, passwordHash: null, disabled: false, memberships: [] });
    expect((await events("user.create", email))[0]!.data).toMatchObject({ role: "reviewer", via: "oidc" });
    // An unverified email is still refused, and makes nobody.
    const other = `new-${randomUUID().slice(0, 8)}@example.org`;
    expect(await oidcSignIn(claims(other, false), { autoProvision: true }, null)).toMatchObject({ ok: false, reason: "unverified_email" });
    expect(await db().user.findUnique({ where: { email: other } })).toBeNull();
  });
});
