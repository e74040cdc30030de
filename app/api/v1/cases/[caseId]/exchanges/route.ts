import { zodDetails } from "@/lib/action";
import { apiHandler, json } from "@/lib/api/route";
import { listExchanges } from "@/lib/exchanges/queries";
import { ZExchangeListParams } from "@/lib/exchanges/schema";
import { AppError, notFound } from "@/lib/errors";

export const GET = apiHandler<{ caseId: string }>(async ({ req, user, params }) => {
  const parsed = ZExchangeListParams.safeParse(Object.fromEntries(new URL(req.url).searchParams));
  if (!parsed.success) throw new AppError("bad_input", "The query has invalid parameters.", zodDetails(parsed.error));
  const page = await listExchanges(user, params.caseId, parsed.data);
  if (!page) throw notFound("That case");
  return json(page);
});
