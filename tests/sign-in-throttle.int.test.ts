// The sign-in limiter: per account and per address, in Postgres (so every instance agrees), audited.
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { authenticate } from "../lib/auth/authenticate";
import { ACCOUNT_LIMIT, IP_LIMIT, THROTTLE_WINDOW_MS } from "../lib/auth/throttle";
import { db } from "../lib/db";
import { hashPassword } from "../lib/users/password";
import { makeUser } from "./fixtures";

const PASSWORD = "a-long-enough-password";
const ip = () => `10.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`;
const minutes = (n: number) => n * 60_000;

async function userWithPassword() {
  const u = await makeUser("analyst");
  await db().user.update({ where: { id: u.id }, data: { passwordHash: await hashPassword(PASSWORD, 4) } });
  return u;
}

const events = (action: string, email: string) => db().auditEvent.findMany({ where: { action, data: { path: ["email"], equals: email } }, orderBy: { seq: "asc" } });

describe("sign-in rate limit", () => {
  it(`locks an account after ${ACCOUNT_LIMIT} failures, says how long, refuses even the right password, then opens after the window`, async () => {
    const u = await userWithPassword();
    const t0 = new Date();
    for (let i = 1; i < ACCOUNT_LIMIT; i++) {
      expect(await authenticate({ email: u.email, password: "wrong-password" }, ip(), new Date(t0.getTime() + i * 1000))).toEqual({ ok: false, message: null });
    }
    // The failure that reaches the limit says so at once: the window began at the first failure (t0+1s).
    const last = await authenticate({ email: u.email, password: "wrong-password" }, ip(), new Date(t0.getTime() + minutes(3)));
    expect(last).toEqual({ ok: false, message: "Too many attempts for this account. Try again in 13 minutes." });
    const locked = await authenticate({ email: u.email.toUpperCase(), password: PASSWORD }, ip(), new Date(t0.getTime() + minutes(3) + 1000));
    expect(locked).toEqual({ ok: false, message: "Too many attempts for this account. Try again in 12 minutes." });
    const nearlyThere = await authenticate({ email: u.email, password: PASSWORD }, ip(), new Date(t0.getTime() + minutes(15)));
    expect(nearlyThere).toEqual({ ok: false, message: "Too many attempts for this account. Try again in 1 minute." });

    const after = await authenticate({ email: u.email, password: PASSWORD }, ip(), new Date(t0.getTime() + 1000 + THROTTLE_WINDOW_MS));
    expect(after).toMatchObject({ ok: true, user: { id: u.id } });
    // Success clears the account's count.
    expect(await db().signInThrottle.findUnique({ where: { key: `account:${u.email}` } })).toBeNull();

    const failed = await events("auth.signInFailed", u.email);
    expect(failed.map((e) => (e.data as { reason: string }).reason)).toEqual([...Array(ACCOUNT_LIMIT).fill("wrong_password"), "locked", "locked"]);
    const lockouts = await events("auth.lockout", u.email);
    expect(lockouts).toHaveLength(1);
    expect(lockouts[0]!.data).toMatchObject({ kind: "account", email: u.email });
    expect(lockouts[0]).toMatchObject({ entityType: "user", entityId: u.id });
    expect(await events("auth.signIn", u.email)).toHaveLength(1);
  });

  it(`locks an address after ${IP_LIMIT} failures across different accounts, and not the accounts elsewhere`, async () => {
    const from = ip();
    const now = new Date();
    for (let i = 0; i < IP_LIMIT; i++) {
      const out = await authenticate({ email: `nobody-${randomUUID().slice(0, 8)}@test.local`, password: "wrong-password" }, from, now);
      expect(out.ok).toBe(false);
    }
    const u = await userWithPassword();
    const fromThere = await authenticate({ email: u.email, password: PASSWORD }, from, now);
    expect(fromThere).toEqual({ ok: false, message: "Too many sign-in attempts from your network. Try again in 15 minutes." });
    expect(await authenticate({ email: u.email, password: PASSWORD }, ip(), now)).toMatchObject({ ok: true });
    const lockouts = await db().auditEvent.findMany({ where: { action: "auth.lockout", entityId: from } });
    expect(lockouts).toHaveLength(1);
    expect(lockouts[0]!.data).toMatchObject({ kind: "ip", ip: from });
  });

  it("two app instances (concurrent callers sharing the database) count the same failures", async () => {
    const u = await userWithPassword();
    const now = new Date();
    // As many failures at once as the limit, from "different instances": the upsert is atomic, so exactly one locks.
    const outs = await Promise.all(Array.from({ length: ACCOUNT_LIMIT }, () => authenticate({ email: u.email, password: "wrong-password" }, ip(), now)));
    expect(outs.filter((o) => !o.ok && o.message).length).toBe(1);
    expect(await db().signInThrottle.findUniqueOrThrow({ where: { key: `account:${u.email}` } })).toMatchObject({ failures: ACCOUNT_LIMIT });
    expect(await events("auth.lockout", u.email)).toHaveLength(1);
    expect(await authenticate({ email: u.email, password: PASSWORD }, ip(), now)).toMatchObject({ ok: false, message: expect.stringMatching(/^Too many attempts for this account/) });
  });

  it("a window that has passed starts afresh rather than adding to the old count", async () => {
    const u = await userWithPassword();
    const t0 = new Date();
    for (let i = 0; i < ACCOUNT_LIMIT - 1; i++) await authenticate({ email: u.email, password: "wrong-password" }, ip(), t0);
    const later = new Date(t0.getTime() + THROTTLE_WINDOW_MS + 1000);
    expect(await authenticate({ email: u.email, password: "wrong-password" }, ip(), later)).toEqual({ ok: false, message: null });
    expect(await db().signInThrottle.findUniqueOrThrow({ where: { key: `account:${u.email}` } })).toMatchObject({ failures: 1, windowStart: later });
  });
});
