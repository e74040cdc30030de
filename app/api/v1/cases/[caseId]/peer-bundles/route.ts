import { apiHandler, errorResponse, json } from "@/lib/api/route";
import { notFound } from "@/lib/errors";
import { listPeerBundles } from "@/lib/sharing/match";
import { importPeerBundle } from "@/lib/sharing/peer-import";
import { caseVisible } from "@/lib/samples/queries";

// A partner's STIX 2.1 bundle, the request body (?partnerId=&filename=), streamed to storage as it
// arrives; proxy.ts skips this path, so the handler sets the security headers itself.
export const POST = apiHandler<{ caseId: string }>(
  async ({ req, user, params }) => {
    const url = new URL(req.url);
    const r = await importPeerBundle(user, {
      caseId: params.caseId,
      partnerId: url.searchParams.get("partnerId") ?? "",
      fileName: url.searchParams.get("filename") || "partner-bundle.json",
      via: req.headers.get("x-casebook-client") === "ui" ? "ui" : "api",
      body: req.body as AsyncIterable<Uint8Array> | null,
    });
    if (!r.ok) return errorResponse(r.error);
    return json(r.data, r.data.duplicate ? 200 : 201);
  },
  { streamedBody: true },
);

// The partner bundles imported into the case, newest first.
export const GET = apiHandler<{ caseId: string }>(
  async ({ user, params }) => {
    if (!(await caseVisible(user, params.caseId))) throw notFound("That case");
    return json({ items: await listPeerBundles(user, params.caseId) });
  },
  { streamedBody: true },
);
