"use server";
// Server actions for clusters: each delegates to its audited action in lib/clusters/mutations.ts.
import type { z } from "zod";
import { revalidatePath } from "next/cache";
import { runAction, type TResult } from "@/lib/action";
import * as m from "@/lib/clusters/mutations";
import type * as s from "@/lib/clusters/schema";
import { getCurrentUser } from "@/lib/session";

function refreshed<R>(caseId: string, res: TResult<R>): TResult<R> {
  if (res.ok) revalidatePath(`/cases/${caseId}`, "layout");
  return res;
}

export async function decideCluster(caseId: string, input: z.input<typeof s.ZDecideCluster>) {
  return refreshed(caseId, await runAction(m.decideClusterAction, await getCurrentUser(), input));
}
export async function renameCluster(caseId: string, input: z.input<typeof s.ZRenameCluster>) {
  return refreshed(caseId, await runAction(m.renameClusterAction, await getCurrentUser(), input));
}
export async function mergeClusters(caseId: string, input: z.input<typeof s.ZMergeClusters>) {
  return refreshed(caseId, await runAction(m.mergeClustersAction, await getCurrentUser(), input));
}
export async function splitCluster(caseId: string, input: z.input<typeof s.ZSplitCluster>) {
  return refreshed(caseId, await runAction(m.splitClusterAction, await getCurrentUser(), input));
}
export async function removeAccounts(caseId: string, input: z.input<typeof s.ZRemoveAccounts>) {
  return refreshed(caseId, await runAction(m.removeAccountsAction, await getCurrentUser(), input));
}
export async function addAccounts(caseId: string, input: z.input<typeof s.ZAddAccounts>) {
  return refreshed(caseId, await runAction(m.addAccountsAction, await getCurrentUser(), input));
}
