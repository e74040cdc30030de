// Sign-in as the audit log records it: every success, every failure and why (no such user, wrong
// password, disabled), with the address it came from. Actions of the `auth` system actor.
import { z } from "zod";
import { defineSystemAction } from "../action";

const ZIp = z.string().max(100).nullable();

export const recordSignInAction = defineSystemAction({
  name: "auth.signIn",
  input: z.object({ userId: z.string(), ip: ZIp }),
  permission: "auth.record",
  async run({ tx, input }) {
    const u = await tx.user.update({ where: { id: input.userId }, data: { lastLoginAt: new Date() }, select: { id: true, email: true } });
    return { result: u, audit: { action: "auth.signIn", entityType: "user", entityId: u.id, caseId: null, data: { email: u.email, ip: input.ip } } };
  },
});

export const recordSignInFailureAction = defineSystemAction({
  name: "auth.signInFailed",
  input: z.object({ email: z.string().max(320), userId: z.string().nullable(), reason: z.enum(["unknown_user", "wrong_password", "disabled", "locked"]), ip: ZIp }),
  permission: "auth.record",
  async run({ input }) {
    return {
      result: null,
      audit: { action: "auth.signInFailed", entityType: "user", entityId: input.userId ?? input.email, caseId: null, data: { email: input.email, reason: input.reason, ip: input.ip } },
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
