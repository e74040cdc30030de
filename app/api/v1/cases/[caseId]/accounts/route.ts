import { zodDetails } from "@/lib/action";
import { apiHandler, json } from "@/lib/api/route";
import { listAccounts } from "@/lib/accounts/queries";
import { ZAccountListParams } from "@/lib/accounts/schema";
import { AppError, notFound } from "@/lib/errors";

export const GET = apiHandler<{ caseId: string }>(async ({ req, user, params }) => {
  const parsed = ZAccountListParams.safeParse(Object.fromEntries(new URL(req.url).searchParams));
  if (!parsed.success) throw new AppError("bad_input", "The query has invalid parameters.", zodDetails(parsed.error));
  const page = await listAccounts(user, params.caseId, parsed.data);
  if (!page) throw notFound("That case");
  return json(page);
});
