import { runAction } from "@/lib/action";
import { apiHandler, json, readJson, resultResponse } from "@/lib/api/route";
import { notFound } from "@/lib/errors";
import { drawSampleAction } from "@/lib/samples/mutations";
import { caseVisible, drawExchangeIds, listDraws } from "@/lib/samples/queries";

export const GET = apiHandler<{ caseId: string }>(async ({ user, params }) => {
  // A case the caller cannot see is "not found", as on every other case route (not an empty list).
  const draws = await listDraws(user, params.caseId);
  if (!draws.length && !(await caseVisible(user, params.caseId))) throw notFound("That case");
  return json({ items: draws });
});

// Draws K exchanges uniformly at random from the frame ({k, seed?, from?, to?, model?}) → 201 with
// the draw and its exchange ids in rank order, so a pipeline can fetch their text.
export const POST = apiHandler<{ caseId: string }>(async ({ req, user, params }) => {
  const body = await readJson(req);
  const r = await runAction(drawSampleAction, user, { ...(body as object), caseId: params.caseId });
  if (!r.ok) return resultResponse(r);
  const draw = (await listDraws(user, params.caseId)).find((d) => d.id === r.data.draw.id);
  if (!draw) throw notFound("That draw");
  return json({ ...draw, exchanges: await drawExchangeIds(user, params.caseId, draw.id) }, 201);
});
