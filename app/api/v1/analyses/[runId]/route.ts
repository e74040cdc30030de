import { analysisJson } from "@/lib/analysis/run-json";
import { apiHandler, json } from "@/lib/api/route";
import { getAnalysis } from "@/lib/analysis/queries";
import { notFound } from "@/lib/errors";

export const GET = apiHandler<{ runId: string }>(async ({ user, params }) => {
  const run = await getAnalysis(user, params.runId);
  if (!run) throw notFound("That analysis");
  return json(analysisJson(run));
});
