// next-auth configuration: email + password (bcrypt), JWT sessions. The JWT only carries the user
// id; lib/session.ts re-reads the user on every request so a disabled user is out at once.
import "server-only";
import bcrypt from "bcryptjs";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { runAction } from "../action";
import { authActor } from "../actors";
import type { TRole } from "../authz";
import { db } from "../db";
import { ZSignInInput } from "../users/schema";
import { clientIp, recordSignInAction, recordSignInFailureAction } from "./sign-in";

const DUMMY_HASH = bcrypt.hashSync("not-a-real-password", 10);

export const authOptions: NextAuthOptions = {
  session: { strategy: "jwt", maxAge: 12 * 60 * 60 },
  pages: { signIn: "/sign-in" },
  providers: [
    CredentialsProvider({
      name: "Email and password",
      credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
      async authorize(raw, req) {
        const parsed = ZSignInInput.safeParse(raw);
        if (!parsed.success) return null;
        const email = parsed.data.email.toLowerCase();
        const ip = clientIp(req?.headers);
        const user = await db().user.findUnique({ where: { email } });
        // Compare against a dummy hash when the user is unknown so timing does not reveal accounts.
        const ok = await bcrypt.compare(parsed.data.password, user?.passwordHash ?? DUMMY_HASH);
        const reason = !user ? "unknown_user" : !ok ? "wrong_password" : user.disabled ? "disabled" : null;
        if (reason) {
          const r = await runAction(recordSignInFailureAction, authActor(), { email, userId: user?.id ?? null, reason, ip });
          if (!r.ok) console.error(`could not record a failed sign-in: ${r.error.message}`);
          return null;
        }
        const person = { id: user!.id, email: user!.email, name: user!.name, role: user!.role as TRole, disabled: false };
        const r = await runAction(recordSignInAction, authActor(person), { userId: person.id, ip });
        // A sign-in the audit log cannot record does not happen.
        if (!r.ok) return null;
        return { id: person.id, email: person.email, name: person.name };
      },
    }),
  ],
  callbacks: {
    jwt({ token, user }) {
      if (user) token.uid = user.id;
      return token;
    },
    session({ session, token }) {
      if (session.user) (session.user as { id?: string }).id = token.uid as string;
      return session;
    },
  },
};
