"use server";
// Server actions for the package's content: each delegates to its audited action in lib/findings.
import { revalidatePath } from "next/cache";
import type { z } from "zod";
import { runAction, type TResult } from "@/lib/action";
import * as m from "@/lib/findings/mutations";
import type * as s from "@/lib/findings/schema";
import { getCurrentUser } from "@/lib/session";

function refreshed<R>(caseId: string, res: TResult<R>): TResult<R> {
  if (res.ok) revalidatePath(`/cases/${caseId}`, "layout");
  return res;
}

export async function saveFinding(input: z.input<typeof s.ZSaveFinding>) {
  const res = await runAction(m.saveFindingAction, await getCurrentUser(), input);
  return refreshed(input.caseId, res.ok ? { ok: true, data: { version: res.data.version } } : res);
}
export async function addExhibit(input: z.input<typeof s.ZAddExhibit>) {
  const res = await runAction(m.addExhibitAction, await getCurrentUser(), input);
  return refreshed(input.caseId, res.ok ? { ok: true, data: { id: res.data.id } } : res);
}
export async function captionExhibit(caseId: string, input: z.input<typeof s.ZCaptionExhibit>) {
  const res = await runAction(m.captionExhibitAction, await getCurrentUser(), input);
  return refreshed(caseId, res.ok ? { ok: true, data: { id: res.data.id } } : res);
}
export async function removeExhibit(caseId: string, input: z.input<typeof s.ZRemoveExhibit>) {
  return refreshed(caseId, await runAction(m.removeExhibitAction, await getCurrentUser(), input));
}
export async function reorderExhibits(input: z.input<typeof s.ZReorderExhibits>) {
  return refreshed(input.caseId, await runAction(m.reorderExhibitsAction, await getCurrentUser(), input));
}
export async function addRedaction(caseId: string, input: z.input<typeof s.ZAddRedaction>) {
  const res = await runAction(m.addRedactionAction, await getCurrentUser(), input);
  return refreshed(caseId, res.ok ? { ok: true, data: { id: res.data.id } } : res);
}
export async function removeRedaction(caseId: string, input: z.input<typeof s.ZRemoveRedaction>) {
  return refreshed(caseId, await runAction(m.removeRedactionAction, await getCurrentUser(), input));
}
