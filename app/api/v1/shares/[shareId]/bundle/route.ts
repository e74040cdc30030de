import { apiHandler } from "@/lib/api/route";
import { notFound } from "@/lib/errors";
import { shareBundle } from "@/lib/sharing/queries";

// The share's STIX 2.1 bundle, byte for byte as prepared and reviewed (its SHA-256 is the share's).
export const GET = apiHandler<{ shareId: string }>(async ({ user, params }) => {
  const s = await shareBundle(user, params.shareId);
  if (!s) throw notFound("That share");
  const name = `${s.case.ref}-stix-${s.partner.name.replace(/[^A-Za-z0-9._-]+/g, "_").slice(0, 60)}-${s.bundleSha256.slice(0, 12)}.json`;
  return new Response(s.bundle, {
    headers: {
      "content-type": "application/stix+json;version=2.1",
      "content-disposition": `attachment; filename="${name}"`,
      "x-content-sha256": s.bundleSha256,
      "cache-control": "private, no-store",
    },
  });
});
