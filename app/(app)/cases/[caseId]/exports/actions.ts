"use server";
// Server actions of the export workflow: each delegates to its audited action in lib/exports.
import { revalidatePath } from "next/cache";
import type { z } from "zod";
import { runAction, type TResult } from "@/lib/action";
import * as m from "@/lib/exports/mutations";
import type * as s from "@/lib/exports/schema";
import { getCurrentUser } from "@/lib/session";

function refreshed<R>(caseId: string, res: TResult<R>): TResult<{ id: string }> {
  if (res.ok) revalidatePath(`/cases/${caseId}`, "layout");
  return res.ok ? { ok: true, data: { id: (res.data as { id: string }).id } } : res;
}

export async function requestExport(input: z.input<typeof s.ZRequestExport>) {
  return refreshed(input.caseId, await runAction(m.requestExportAction, await getCurrentUser(), input));
}
export async function resubmitExport(caseId: string, input: z.input<typeof s.ZResubmitExport>) {
  return refreshed(caseId, await runAction(m.resubmitExportAction, await getCurrentUser(), input));
}
export async function commentExport(caseId: string, input: z.input<typeof s.ZCommentExport>) {
  return refreshed(caseId, await runAction(m.commentExportAction, await getCurrentUser(), input));
}
export async function approveExport(caseId: string, input: z.input<typeof s.ZApproveExport>) {
  return refreshed(caseId, await runAction(m.approveExportAction, await getCurrentUser(), input));
}
export async function rejectExport(caseId: string, input: z.input<typeof s.ZRejectExport>) {
  return refreshed(caseId, await runAction(m.rejectExportAction, await getCurrentUser(), input));
}
export async function retryExport(caseId: string, input: z.input<typeof s.ZResubmitExport>) {
  return refreshed(caseId, await runAction(m.retryExportAction, await getCurrentUser(), input));
}
