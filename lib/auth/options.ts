// next-auth configuration: email + password (bcrypt), JWT sessions. The JWT carries the user id and
// the user's session version at sign-in; lib/session.ts re-reads the user on every request and
// refuses a disabled user or a stale version, so a change to the account applies at once.
import "server-only";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { authenticate } from "./authenticate";
import { sessionCookies } from "./cookies";
import { clientIp } from "./sign-in";

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
  ],
  callbacks: {
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
