"use server";
// Server actions for user administration: each delegates to its audited action in lib/users/mutations.ts.
import { revalidatePath } from "next/cache";
import { runAction } from "@/lib/action";
import * as mutations from "@/lib/users/mutations";
import type { TAdminCreateUserInput, TResetPasswordInput, TSetUserDisabledInput, TSignOutEverywhereInput, TUpdateUserInput } from "@/lib/users/schema";
import { getCurrentUser } from "@/lib/session";

export async function createUserAction(input: TAdminCreateUserInput) {
  const res = await runAction(mutations.createUserAction, await getCurrentUser(), input);
  if (res.ok) revalidatePath("/admin/users", "layout");
  return res;
}

export async function updateUserAction(input: TUpdateUserInput) {
  const res = await runAction(mutations.updateUserAction, await getCurrentUser(), input);
  if (res.ok) revalidatePath("/admin/users", "layout");
  return res;
}

export async function setUserDisabledAction(input: TSetUserDisabledInput) {
  const res = await runAction(mutations.setUserDisabledAction, await getCurrentUser(), input);
  if (res.ok) revalidatePath("/admin/users", "layout");
  return res;
}

export async function resetPasswordAction(input: TResetPasswordInput) {
  const res = await runAction(mutations.resetPasswordAction, await getCurrentUser(), input);
  if (res.ok) revalidatePath("/admin/users", "layout");
  return res;
}

export async function signOutEverywhereAction(input: TSignOutEverywhereInput) {
  const res = await runAction(mutations.signOutEverywhereAction, await getCurrentUser(), input);
  if (res.ok) revalidatePath("/admin/users", "layout");
  return res;
}
