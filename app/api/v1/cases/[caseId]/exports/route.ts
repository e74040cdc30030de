import { runAction } from "@/lib/action";
import { apiHandler, errorResponse, json, readJson } from "@/lib/api/route";
import { notFound } from "@/lib/errors";
import { requestExportAction } from "@/lib/exports/mutations";
import { exportJson, listExports } from "@/lib/exports/queries";

// Requests an export of the case, {profile: "congressional" | "legal_referral"} → 202 {id, status}.
export const POST = apiHandler<{ caseId: string }>(async ({ req, user, params }) => {
  const body = (await readJson(req)) as { profile?: unknown };
  const r = await runAction(requestExportAction, user, { caseId: params.caseId, profile: body?.profile });
  if (!r.ok) return errorResponse(r.error);
  return json(exportJson(r.data), 202);
});

// The case's exports, newest first, with their reviews, and its production log.
export const GET = apiHandler<{ caseId: string }>(async ({ user, params }) => {
  const list = await listExports(user, params.caseId);
  if (!list) throw notFound("That case");
  return json({ items: list.exports, productions: list.productions });
});
