"use server";
// Server actions for Settings: each delegates to its audited action in lib/tokens or lib/users.
import { revalidatePath } from "next/cache";
import { runAction } from "@/lib/action";
import * as mutations from "@/lib/tokens/mutations";
import * as userMutations from "@/lib/users/mutations";
import { getCurrentUser } from "@/lib/session";

export async function createTokenAction(input: { name: string; expiresInDays: number | null }) {
  const res = await runAction(mutations.createTokenAction, await getCurrentUser(), input);
  if (res.ok) revalidatePath("/settings");
  return res;
}

export async function revokeTokenAction(input: { tokenId: string }) {
  const res = await runAction(mutations.revokeTokenAction, await getCurrentUser(), input);
  if (res.ok) revalidatePath("/settings");
  return res;
}

/** Ends every session of the person signed in and revokes their API tokens. */
export async function signOutEverywhereAction() {
  return runAction(userMutations.signOutEverywhereAction, await getCurrentUser(), {});
}
