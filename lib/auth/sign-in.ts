// Sign-in as the audit log records it: every success, every failure and why (no such user, wrong
// password, disabled), with the address it came from. Actions of the `auth` system actor.
import { z } from "zod";
import { defineSystemAction } from "../action";

const ZIp = z.string().max(100).nullable();
const ZVia = z.enum(["password", "oidc"]).default("password");
/** Why a sign-in failed, as the audit event records it (and /metrics counts it, lib/ops/snapshot.ts). */
export const SIGN_IN_FAILURE_REASONS = ["unknown_user", "wrong_password", "disabled", "locked", "unverified_email"] as const;

export const recordSignInAction = defineSystemAction({
  name: "auth.signIn",
  input: z.object({ userId: z.string(), ip: ZIp, via: ZVia }),
  permission: "auth.record",
  async run({ tx, input }) {
    const u = await tx.user.update({ where: { id: input.userId }, data: { lastLoginAt: new Date() }, select: { id: true, email: true } });
    return { result: u, audit: { action: "auth.signIn", entityType: "user", entityId: u.id, caseId: null, data: { email: u.email, ip: input.ip, via: input.via } } };
  },
});

export const recordSignInFailureAction = defineSystemAction({
  name: "auth.signInFailed",
  input: z.object({ email: z.string().max(320), userId: z.string().nullable(), reason: z.enum(SIGN_IN_FAILURE_REASONS), ip: ZIp, via: ZVia }),
  permission: "auth.record",
  async run({ input }) {
    return {
      result: null,
      audit: { action: "auth.signInFailed", entityType: "user", entityId: input.userId ?? input.email, caseId: null, data: { email: input.email, reason: input.reason, ip: input.ip, via: input.via } },
    };
  },
});

/** A key of the sign-in limiter reached its limit: the account or the address is locked until `until`. */
export const recordLockoutAction = defineSystemAction({
  name: "auth.lockout",
  input: z.object({ email: z.string().max(320), userId: z.string().nullable(), kind: z.enum(["account", "ip"]), until: z.date(), ip: ZIp }),
  permission: "auth.record",
  async run({ input }) {
    const entityId = input.kind === "account" ? (input.userId ?? input.email) : (input.ip ?? "unknown");
    return {
      result: null,
      audit: { action: "auth.lockout", entityType: input.kind === "account" ? "user" : "ip", entityId, caseId: null, data: { email: input.email, kind: input.kind, until: input.until.toISOString(), ip: input.ip } },
    };
  },
});

/** The client's address as the nearest proxy saw it, or the socket's when there is no proxy. */
export function clientIp(headers: Record<string, string | string[] | undefined> | undefined): string | null {
  const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);
  const forwarded = first(headers?.["x-forwarded-for"])?.split(",")[0]?.trim();
  return (forwarded || first(headers?.["x-real-ip"]) || null)?.slice(0, 100) ?? null;
}

/**
 * A first single sign-on by a verified email no account has, when CASEBOOK_OIDC_AUTO_PROVISION is
 * on: a new account with no password, in the least-privileged role (lib/auth/oidc.ts says which).
 * The `auth` actor may do this and nothing else of user management: the role is fixed here, never
 * taken from the provider.
 */
export const provisionOidcUserAction = defineSystemAction({
  name: "user.create",
  input: z.object({ email: z.string().max(320), name: z.string().min(1).max(200), role: z.literal("reviewer") }),
  permission: "auth.record",
  async run({ tx, input }) {
    const u = await tx.user.create({ data: { email: input.email, name: input.name, role: input.role, passwordHash: null }, select: { id: true, email: true, name: true, role: true } });
    return {
      result: u,
      audit: { action: "user.create", entityType: "user", entityId: u.id, caseId: null, data: { email: u.email, name: u.name, role: u.role, passwordGenerated: false, via: "oidc" as const } },
    };
  },
});
