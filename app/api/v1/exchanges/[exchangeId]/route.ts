import { apiHandler, json } from "@/lib/api/route";
import { getExchange } from "@/lib/exchanges/queries";
import { notFound } from "@/lib/errors";

export const GET = apiHandler<{ exchangeId: string }>(async ({ user, params }) => {
  const e = await getExchange(user, params.exchangeId);
  if (!e) throw notFound("That exchange");
  return json(e);
});
