// next-auth configuration: email + password (bcrypt), and single sign-on by OpenID Connect when
// configured (lib/auth/oidc.ts); JWT sessions. The JWT carries the user id and
// the user's session version at sign-in; lib/session.ts re-reads the user on every request and
// refuses a disabled user or a stale version, so a change to the account applies at once.
import "server-only";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { headers } from "next/headers";
import { oidcConfig } from "../env";
import { authenticate } from "./authenticate";
import { sessionCookies } from "./cookies";
import { OIDC_PROVIDER_ID, oidcClaims, oidcProvider, oidcSignIn, refusalUrl } from "./oidc";
import { clientIp } from "./sign-in";

const oidc = oidcConfig();

/** The client address of the request being handled (the signIn callback is not given the request). */
async function requestIp(): Promise<string | null> {
  try {
    const h = await headers();
    return clientIp({ "x-forwarded-for": h.get("x-forwarded-for") ?? undefined, "x-real-ip": h.get("x-real-ip") ?? undefined });
  } catch {
    return null;
  }
}

export const authOptions: NextAuthOptions = {
  session: { strategy: "jwt", maxAge: 12 * 60 * 60 },
  pages: { signIn: "/sign-in" },
  cookies: sessionCookies(),
  useSecureCookies: sessionCookies().sessionToken.options.secure,
  providers: [
    CredentialsProvider({
      name: "Email and password",
      credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
      async authorize(raw, req) {
        const outcome = await authenticate(raw, clientIp(req?.headers));
        // next-auth hands a thrown message to the sign-in form (as `error`); null is its generic refusal.
        if (!outcome.ok) {
          if (outcome.message) throw new Error(outcome.message);
          return null;
        }
        return outcome.user;
      },
    }),
    ...(oidc ? [oidcProvider(oidc)] : []),
  ],
  callbacks: {
    async signIn({ user, account, profile }) {
      if (account?.provider !== OIDC_PROVIDER_ID) return true;
      if (!oidc || !profile) return false;
      const outcome = await oidcSignIn(oidcClaims(profile as Record<string, unknown>), oidc, await requestIp());
      if (!outcome.ok) return refusalUrl(outcome);
      // From here the user is the Casebook account, not the provider's subject: the jwt callback below
      // gives SSO sessions the same claims (id, session version) as password ones.
      Object.assign(user, { id: outcome.user.id, email: outcome.user.email, name: outcome.user.name, sessionVersion: outcome.user.sessionVersion });
      return true;
    },
    jwt({ token, user }) {
      if (user) {
        token.uid = user.id;
        token.sv = (user as { sessionVersion?: number }).sessionVersion ?? 0;
      }
      return token;
    },
    session({ session, token }) {
      if (session.user) Object.assign(session.user, { id: token.uid as string, sv: (token.sv as number | undefined) ?? -1 });
      return session;
    },
  },
};
