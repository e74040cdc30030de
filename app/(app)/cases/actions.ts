"use server";
// Server actions for cases: each delegates to its audited action in lib/cases/mutations.ts.
import { revalidatePath } from "next/cache";
import { runAction } from "@/lib/action";
import * as mutations from "@/lib/cases/mutations";
import type { TCreateCaseInput, TSetTeamInput, TTransitionInput, TUpdateCaseInput } from "@/lib/cases/schema";
import { getCurrentUser } from "@/lib/session";

export async function createCaseAction(input: TCreateCaseInput) {
  const res = await runAction(mutations.createCaseAction, await getCurrentUser(), input);
  if (res.ok) revalidatePath("/cases");
  return res;
}

export async function updateCaseAction(input: TUpdateCaseInput) {
  const res = await runAction(mutations.updateCaseAction, await getCurrentUser(), input);
  if (res.ok) revalidatePath(`/cases/${input.caseId}`, "layout");
  return res;
}

export async function setCaseTeamAction(input: TSetTeamInput) {
  const res = await runAction(mutations.setCaseTeamAction, await getCurrentUser(), input);
  if (res.ok) revalidatePath(`/cases/${input.caseId}`, "layout");
  return res;
}

export async function transitionCaseAction(input: TTransitionInput) {
  const res = await runAction(mutations.transitionCaseAction, await getCurrentUser(), input);
  if (res.ok) revalidatePath(`/cases/${input.caseId}`, "layout");
  return res;
}

export async function addCommentAction(input: { caseId: string; body: string }) {
  const res = await runAction(mutations.addCommentAction, await getCurrentUser(), input);
  if (res.ok) revalidatePath(`/cases/${input.caseId}`, "layout");
  return res;
}
