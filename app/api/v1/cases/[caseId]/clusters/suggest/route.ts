import { runAction } from "@/lib/action";
import { requestAnalysisAction } from "@/lib/analysis/mutations";
import { analysisJson } from "@/lib/analysis/run-json";
import { apiHandler, errorResponse, json } from "@/lib/api/route";

// → 202 with the queued job (poll GET /api/v1/analyses/{id}); a suggestion already under way for
// the case is joined, not started twice.
export const POST = apiHandler<{ caseId: string }>(async ({ user, params }) => {
  const r = await runAction(requestAnalysisAction, user, { caseId: params.caseId, kind: "cluster_suggestion" });
  if (!r.ok) return errorResponse(r.error);
  return json(analysisJson(r.data.run), 202);
});
