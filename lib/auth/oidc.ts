// Single sign-on by OpenID Connect: who a provider's ID token stands for in Casebook. The provider
// vouches for an email address and nothing else: the match is by verified email, case-insensitive,
// and the Casebook account's own role, state and session version decide the rest. A name or group
// the provider sends never grants anything.
import "server-only";
import type { OAuthConfig } from "next-auth/providers/oauth";
import { z } from "zod";
import { runAction, type TResult } from "../action";
import { authActor } from "../actors";
import type { TRole } from "../authz";
import { db } from "../db";
import type { TOidcConfig } from "../env";
import type { TSignedIn } from "./authenticate";
import { provisionOidcUserAction, recordSignInAction, recordSignInFailureAction } from "./sign-in";

export const OIDC_PROVIDER_ID = "oidc";

/** The least-privileged role: a reviewer on no case sees nothing until an admin adds them to one. */
export const PROVISIONED_ROLE: TRole = "reviewer";

export type TOidcClaims = { sub: string; email: string | null; emailVerified: boolean; name: string | null };
export type TOidcRefusal = "unverified_email" | "unknown_user" | "disabled";
export type TOidcOutcome = { ok: true; user: TSignedIn } | { ok: false; reason: TOidcRefusal; email: string | null };

const ZEmail = z.string().trim().toLowerCase().max(320).pipe(z.email());

/** The claims Casebook reads from an ID token; `email_verified` must be the boolean true, not "true". */
export function oidcClaims(raw: Record<string, unknown>): TOidcClaims {
  const email = ZEmail.safeParse(raw.email);
  const name = typeof raw.name === "string" && raw.name.trim() ? raw.name.trim().slice(0, 200) : null;
  return { sub: String(raw.sub ?? ""), email: email.success ? email.data : null, emailVerified: raw.email_verified === true, name };
}

/** next-auth's provider for the configured issuer: code flow with PKCE, state and nonce, claims from the ID token. */
export function oidcProvider(config: TOidcConfig): OAuthConfig<Record<string, unknown>> {
  return {
    id: OIDC_PROVIDER_ID,
    name: config.name,
    type: "oauth",
    wellKnown: `${config.issuer}/.well-known/openid-configuration`,
    clientId: config.clientId,
    clientSecret: config.clientSecret,
    authorization: { params: { scope: "openid email profile" } },
    idToken: true,
    checks: ["pkce", "state", "nonce"],
    // The user next-auth hands to the signIn callback; its id becomes Casebook's there.
    profile(raw) {
      const c = oidcClaims(raw);
      return { id: c.sub, email: c.email, name: c.name, claims: c };
    },
  };
}

/** Decides and audits one single sign-on: the Casebook user it signs in, or why it is refused. */
export async function oidcSignIn(claims: TOidcClaims, config: Pick<TOidcConfig, "autoProvision">, ip: string | null): Promise<TOidcOutcome> {
  const refuse = async (reason: TOidcRefusal, userId: string | null): Promise<TOidcOutcome> => {
    await audited(runAction(recordSignInFailureAction, authActor(), { email: claims.email ?? `(no email; subject ${claims.sub})`.slice(0, 320), userId, reason, ip, via: "oidc" }));
    return { ok: false, reason, email: claims.email };
  };
  if (!claims.email || !claims.emailVerified) return refuse("unverified_email", null);

  // Emails are stored lowercase; the insensitive match also finds one an older import left mixed-case.
  // Two accounts that differ only by case are ambiguous: neither is signed in.
  const found = await db().user.findMany({ where: { email: { equals: claims.email, mode: "insensitive" } }, take: 2 });
  let user = found.length === 1 ? found[0]! : null;
  if (!user && found.length === 0 && config.autoProvision) {
    const made = await runAction(provisionOidcUserAction, authActor(), { email: claims.email, name: claims.name ?? claims.email.split("@")[0]!, role: PROVISIONED_ROLE });
    if (!made.ok) {
      console.error(`could not provision a single sign-on user: ${made.error.message}`);
      return { ok: false, reason: "unknown_user", email: claims.email };
    }
    user = await db().user.findUnique({ where: { id: made.data.id } });
  }
  if (!user) return refuse("unknown_user", null);
  if (user.disabled) return refuse("disabled", user.id);

  const person = { id: user.id, email: user.email, name: user.name, role: user.role as TRole, disabled: false };
  const r = await runAction(recordSignInAction, authActor(person), { userId: person.id, ip, via: "oidc" });
  // A sign-in the audit log cannot record does not happen.
  if (!r.ok) return { ok: false, reason: "unknown_user", email: claims.email };
  return { ok: true, user: { id: user.id, email: user.email, name: user.name, sessionVersion: user.sessionVersion } };
}

/** Where a refused single sign-on lands: the sign-in page, which says why in words. */
export function refusalUrl(outcome: Extract<TOidcOutcome, { ok: false }>): string {
  const q = new URLSearchParams({ error: `oidc_${outcome.reason}` });
  if (outcome.email && outcome.reason === "unknown_user") q.set("email", outcome.email);
  return `/sign-in?${q}`;
}

async function audited(pending: Promise<TResult<unknown>>) {
  const r = await pending;
  if (!r.ok) console.error(`could not record a sign-in event: ${r.error.message}`);
}
