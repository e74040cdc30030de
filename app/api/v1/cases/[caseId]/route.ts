import { actionRoute } from "@/lib/api/action-route";
import { apiHandler, json } from "@/lib/api/route";
import { caseJson, getCase } from "@/lib/cases/queries";
import { notFound } from "@/lib/errors";

export const GET = apiHandler<{ caseId: string }>(async ({ user, params }) => {
  const c = await getCase(user, params.caseId);
  if (!c) throw notFound("That case");
  const { accounts, clusters, exchanges, samples } = c.counts;
  return json({ ...caseJson(c), counts: { accounts, clusters, exchanges, samples }, members: c.members.map((m) => ({ userId: m.userId, name: m.user.name, role: m.role })) });
});

export const PATCH = actionRoute("PATCH /api/v1/cases/[caseId]");
