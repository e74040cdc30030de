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
  const id = (session?.user as { id?: string } | undefined)?.id;
  if (!id) return null;
  const user = await db().user.findUnique({ where: { id }, select: { id: true, email: true, name: true, role: true, disabled: true } });
  // A disabled (or deleted) user is out on their very next request, whatever their cookie says.
  if (!user || user.disabled) return null;
  return { ...user, role: user.role as TRole };
});

export async function requireUser(): Promise<TSessionUser> {
  const user = await getCurrentUser();
  if (!user) redirect("/sign-in");
  return user;
}
