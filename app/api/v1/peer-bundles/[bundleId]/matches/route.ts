import { apiHandler, json } from "@/lib/api/route";
import { notFound } from "@/lib/errors";
import { matchPeerBundle } from "@/lib/sharing/match";

// What of a partner's bundle matches our accounts, clusters, families and cases (those the caller may see).
export const GET = apiHandler<{ bundleId: string }>(async ({ user, params }) => {
  const m = await matchPeerBundle(user, params.bundleId);
  if (!m) throw notFound("That partner bundle");
  return json(m);
});
