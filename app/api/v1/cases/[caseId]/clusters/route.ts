import { apiHandler, json } from "@/lib/api/route";
import { listClusters } from "@/lib/clusters/queries";
import { notFound } from "@/lib/errors";

export const GET = apiHandler<{ caseId: string }>(async ({ req, user, params }) => {
  const items = await listClusters(user, params.caseId, new URL(req.url).searchParams.get("accounts") === "1");
  if (!items) throw notFound("That case");
  return json({ items });
});
