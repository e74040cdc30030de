"use server";
// Server actions for the capability taxonomy: each delegates to its audited action.
import { revalidatePath } from "next/cache";
import { runAction } from "@/lib/action";
import { createCapabilityAction, updateCapabilityAction } from "@/lib/capabilities/mutations";
import type { TCreateCapability, TUpdateCapability } from "@/lib/capabilities/schema";
import { getCurrentUser } from "@/lib/session";

export async function createCapability(input: TCreateCapability) {
  const res = await runAction(createCapabilityAction, await getCurrentUser(), input);
  if (res.ok) revalidatePath("/admin/capabilities");
  return res;
}

export async function updateCapability(input: TUpdateCapability) {
  const res = await runAction(updateCapabilityAction, await getCurrentUser(), input);
  if (res.ok) revalidatePath("/admin/capabilities");
  return res;
}
