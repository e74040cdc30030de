"use server";
// Server actions for the work on samples: each delegates to its audited action in lib/samples.
import { revalidatePath } from "next/cache";
import type { z } from "zod";
import { runAction, type TResult } from "@/lib/action";
import * as m from "@/lib/samples/mutations";
import type * as s from "@/lib/samples/schema";
import { getCurrentUser } from "@/lib/session";

function refreshed<R>(caseId: string, res: TResult<R>): TResult<R> {
  if (res.ok) revalidatePath(`/cases/${caseId}`, "layout");
  return res;
}

export async function tagSample(caseId: string, input: z.input<typeof s.ZTagSample>) {
  return refreshed(caseId, await runAction(m.tagSampleAction, await getCurrentUser(), input));
}
export async function untagSample(caseId: string, input: z.input<typeof s.ZUntagSample>) {
  return refreshed(caseId, await runAction(m.untagSampleAction, await getCurrentUser(), input));
}
export async function decideFlags(caseId: string, input: z.input<typeof s.ZDecideFlags>) {
  return refreshed(caseId, await runAction(m.decideFlagsAction, await getCurrentUser(), input));
}
export async function setTriaged(caseId: string, input: z.input<typeof s.ZSetTriaged>) {
  return refreshed(caseId, await runAction(m.setTriagedAction, await getCurrentUser(), input));
}
export async function drawSample(input: z.input<typeof s.ZDrawSample>) {
  const res = await runAction(m.drawSampleAction, await getCurrentUser(), input);
  return refreshed(String(input.caseId), res.ok ? { ok: true, data: { id: res.data.draw.id, drawn: res.data.drawn, withText: res.data.withText } } : res);
}
