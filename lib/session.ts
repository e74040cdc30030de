// The only reader of the session. Pages call requireUser(); actions and routes getCurrentUser().
import "server-only";
import { getServerSession } from "next-auth";
import { redirect } from "next/navigation";
import { cache } from "react";
import { authOptions } from "./auth/options";
import type { TPerson, TRole } from "./authz";
import { db } from "./db";

export type TSessionUser = TPerson;

export const getCurrentUser = cache(async (): Promise<TSessionUser | null> => {
  const session = await getServerSession(authOptions);
  return userForSession(session?.user as { id?: string; sv?: number } | undefined);
});

/** The user a session's claims (id, version at sign-in) stand for now; null when they no longer do. */
export async function userForSession(claims: { id?: string; sv?: number } | undefined): Promise<TSessionUser | null> {
  if (!claims?.id) return null;
  const user = await db().user.findUnique({ where: { id: claims.id }, select: { id: true, email: true, name: true, role: true, disabled: true, sessionVersion: true } });
  // A disabled (or deleted) user is out on their very next request, whatever their cookie says; so
  // is a session signed in before the account's last role change, password reset or sign-out-everywhere.
  if (!user || user.disabled || user.sessionVersion !== claims.sv) return null;
  return { id: user.id, email: user.email, name: user.name, disabled: user.disabled, role: user.role as TRole };
}

export async function requireUser(): Promise<TSessionUser> {
  const user = await getCurrentUser();
  if (!user) redirect("/sign-in");
  return user;
}
