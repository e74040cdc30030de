"use server";
// Server actions of the export workflow: each is its audited action in lib/exports (lib/server-action.ts).
// The page needs only the export's id back.
import * as m from "@/lib/exports/mutations";
import { serverAction } from "@/lib/server-action";

const idOnly = { reply: (x: { id: string }) => ({ id: x.id }) };
export const requestExportAction = serverAction(m.requestExportAction, idOnly);
export const resubmitExportAction = serverAction(m.resubmitExportAction, idOnly);
export const commentExportAction = serverAction(m.commentExportAction, idOnly);
export const approveExportAction = serverAction(m.approveExportAction, idOnly);
export const rejectExportAction = serverAction(m.rejectExportAction, idOnly);
export const retryExportAction = serverAction(m.retryExportAction, idOnly);
