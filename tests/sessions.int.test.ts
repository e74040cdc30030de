// Changes take effect at once: a role change, disable, password reset or sign-out-everywhere ends the
// sessions signed in before it; password reset and sign-out-everywhere also revoke API tokens.
import { describe, expect, it } from "vitest";
import { runAction } from "../lib/action";
import { authenticate } from "../lib/auth/authenticate";
import { db } from "../lib/db";
import { userForSession } from "../lib/session";
import { userFromBearer } from "../lib/tokens/auth";
import { resetPasswordAction, setUserDisabledAction, signOutEverywhereAction, updateUserAction } from "../lib/users/mutations";
import { hashPassword } from "../lib/users/password";
import { makeToken, makeUser } from "./fixtures";

const PASSWORD = "a-long-enough-password";

/** A person signed in through the real sign-in path: the claims their JWT would carry. */
async function signedIn(role: "analyst" | "reviewer" | "admin" = "analyst") {
  const u = await makeUser(role);
  await db().user.update({ where: { id: u.id }, data: { passwordHash: await hashPassword(PASSWORD) } });
  const out = await authenticate({ email: u.email, password: PASSWORD }, `10.9.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`);
  if (!out.ok) throw new Error("sign-in failed");
  return { user: u, claims: { id: out.user.id, sv: out.user.sessionVersion } };
}

const bearer = (t: string) => `Bearer ${t}`;

describe("session invalidation", () => {
  it("keeps a session valid while nothing changes, and refuses one without a version (issued before versions)", async () => {
    const { user, claims } = await signedIn();
    expect(await userForSession(claims)).toMatchObject({ id: user.id, role: "analyst" });
    expect(await userForSession({ id: user.id })).toBeNull();
    expect(await userForSession({ id: user.id, sv: claims.sv + 1 })).toBeNull();
  });

  it("a role change ends the sessions; the API token acts with the new role at once", async () => {
    const admin = await makeUser("admin");
    const { user, claims } = await signedIn();
    const t = await makeToken(user.email);
    expect(await runAction(updateUserAction, admin, { userId: user.id, name: user.name, role: "reviewer" })).toMatchObject({ ok: true });
    expect(await userForSession(claims)).toBeNull();
    expect(await userFromBearer(bearer(t.token))).toMatchObject({ id: user.id, role: "reviewer" });
    // A rename alone changes nothing about access: the session stays.
    const again = await signedIn();
    expect(await runAction(updateUserAction, admin, { userId: again.user.id, name: "Renamed", role: "analyst" })).toMatchObject({ ok: true });
    expect(await userForSession(again.claims)).toMatchObject({ name: "Renamed" });
  });

  it("disabling ends sessions and tokens at once, and re-enabling does not bring the old sessions back", async () => {
    const admin = await makeUser("admin");
    const { user, claims } = await signedIn();
    const t = await makeToken(user.email);
    expect(await runAction(setUserDisabledAction, admin, { userId: user.id, disabled: true })).toMatchObject({ ok: true });
    expect(await userForSession(claims)).toBeNull();
    await expect(userFromBearer(bearer(t.token))).rejects.toMatchObject({ code: "unauthenticated" });
    expect(await runAction(setUserDisabledAction, admin, { userId: user.id, disabled: false })).toMatchObject({ ok: true });
    expect(await userForSession(claims)).toBeNull();
    // The token was not revoked by disabling: it works again once the account does.
    expect(await userFromBearer(bearer(t.token))).toMatchObject({ id: user.id });
  });

  it("a password reset ends every session and revokes every API token, audited", async () => {
    const admin = await makeUser("admin");
    const { user, claims } = await signedIn();
    const t1 = await makeToken(user.email, "one");
    const t2 = await makeToken(user.email, "two");
    const r = await runAction(resetPasswordAction, admin, { userId: user.id, password: "" });
    expect(r).toMatchObject({ ok: true, data: { tokensRevoked: 2 } });
    expect(await userForSession(claims)).toBeNull();
    for (const t of [t1, t2]) await expect(userFromBearer(bearer(t.token))).rejects.toMatchObject({ code: "unauthenticated" });
    const event = await db().auditEvent.findFirstOrThrow({ where: { entityId: user.id, action: "user.resetPassword" } });
    expect(event.data).toMatchObject({ email: user.email, tokensRevoked: 2 });
  });

  it("sign out everywhere, for yourself: every session and token ends, audited; a new sign-in works", async () => {
    const first = await signedIn();
    const u = first.user;
    const second = await authenticate({ email: u.email, password: PASSWORD }, "10.8.0.1");
    if (!second.ok) throw new Error("second sign-in failed");
    const t = await makeToken(u.email);
    const r = await runAction(signOutEverywhereAction, u, {});
    expect(r).toMatchObject({ ok: true, data: { id: u.id, tokensRevoked: 1 } });
    expect(await userForSession(first.claims)).toBeNull();
    expect(await userForSession({ id: u.id, sv: second.user.sessionVersion })).toBeNull();
    await expect(userFromBearer(bearer(t.token))).rejects.toMatchObject({ code: "unauthenticated" });
    const event = await db().auditEvent.findFirstOrThrow({ where: { entityId: u.id, action: "auth.signOutEverywhere" } });
    expect(event).toMatchObject({ actorId: u.id });
    expect(event.data).toMatchObject({ email: u.email, tokensRevoked: 1 });
    const fresh = await authenticate({ email: u.email, password: PASSWORD }, "10.8.0.1");
    if (!fresh.ok) throw new Error("fresh sign-in failed");
    expect(await userForSession({ id: u.id, sv: fresh.user.sessionVersion })).toMatchObject({ id: u.id });
  });

  it("sign out everywhere for someone else: an admin may, nobody else", async () => {
    const admin = await makeUser("admin");
    const other = await makeUser("analyst");
    const { user, claims } = await signedIn();
    expect(await runAction(signOutEverywhereAction, other, { userId: user.id })).toMatchObject({ ok: false, error: { code: "forbidden" } });
    expect(await userForSession(claims)).not.toBeNull();
    expect(await runAction(signOutEverywhereAction, admin, { userId: user.id })).toMatchObject({ ok: true });
    expect(await userForSession(claims)).toBeNull();
  });
});
