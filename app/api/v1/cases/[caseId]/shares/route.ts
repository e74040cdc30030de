import { actionRoute } from "@/lib/api/action-route";
import { apiHandler, json } from "@/lib/api/route";
import { notFound } from "@/lib/errors";
import { listShares, shareReads } from "@/lib/sharing/queries";

// The case's shares, newest first, each with its TAXII reads: the production log of what went to whom.
export const GET = apiHandler<{ caseId: string }>(async ({ user, params }) => {
  const shares = await listShares(user, params.caseId);
  if (!shares) throw notFound("That case");
  const reads = await shareReads(user, params.caseId);
  return json({ items: shares.map((s) => ({ ...s, reads: reads.get(s.id) ?? { reads: 0, objects: 0, last: null } })) });
});

export const POST = actionRoute("POST /api/v1/cases/[caseId]/shares");
