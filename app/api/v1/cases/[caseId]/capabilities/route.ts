import { apiHandler, json } from "@/lib/api/route";
import { notFound } from "@/lib/errors";
import { capabilityProfile } from "@/lib/samples/queries";

// The capability profile: per capability, annotated samples (counted, never projected) and, from
// the newest random draw (or ?draw=ID), the estimated exchanges with a 95% interval and the
// sentence that states the sampling.
export const GET = apiHandler<{ caseId: string }>(async ({ req, user, params }) => {
  const drawId = new URL(req.url).searchParams.get("draw") ?? undefined;
  const p = await capabilityProfile(user, params.caseId, drawId);
  if (!p) throw notFound("That case");
  if (drawId && !p.draw) throw notFound("That draw");
  return json({
    annotatedSamples: p.annotated,
    draw: p.draw ? { id: p.draw.id, seed: p.draw.seed, k: p.draw.k, method: p.draw.method, frame: p.draw.frame, frameSize: p.draw.frameSize, drawn: p.draw.drawn, examined: p.looked, methodology: p.draw.methodText } : null,
    items: p.items.map((c) => ({
      key: c.key,
      name: c.name,
      annotatedSamples: c.annotatedSamples,
      estimate: c.estimate
        ? { share: c.estimate.share.p, low: c.estimate.share.low, high: c.estimate.share.high, confidence: 0.95, exchanges: c.estimate.exchanges.count, exchangesLow: c.estimate.exchanges.low, exchangesHigh: c.estimate.exchanges.high, drawn: c.estimate.drawn, frame: c.estimate.frame }
        : null,
      statement: c.estimate?.statement ?? c.convenienceStatement,
    })),
  });
});
