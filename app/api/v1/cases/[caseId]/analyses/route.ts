import { runAction } from "@/lib/action";
import { requestAnalysisAction } from "@/lib/analysis/mutations";
import { analysisJson } from "@/lib/analysis/run-json";
import { apiHandler, errorResponse, json, readJson } from "@/lib/api/route";

// Starts an analysis of the case, {kind: "cluster_suggestion" | "rule_flags" | …} → 202 with the
// queued run (poll GET /api/v1/analyses/{id}); one already under way of that kind is joined.
export const POST = apiHandler<{ caseId: string }>(async ({ req, user, params }) => {
  const body = (await readJson(req)) as { kind?: unknown };
  const r = await runAction(requestAnalysisAction, user, { caseId: params.caseId, kind: body?.kind });
  if (!r.ok) return errorResponse(r.error);
  return json(analysisJson(r.data.run), 202);
});
