import { z } from "zod";
import { zodDetails } from "@/lib/action";
import { apiHandler, errorResponse, json, readJsonObject } from "@/lib/api/route";
import { AppError } from "@/lib/errors";
import { importPeerBundle } from "@/lib/sharing/peer-import";
import { fetchCollection } from "@/lib/sharing/taxii-client";

const ZFromTaxii = z.object({
  partnerId: z.uuid("Say which partner's collection this is."),
  url: z.string().trim().min(1, "Paste the collection's URL.").max(2000),
  token: z.string().trim().min(1, "Paste the token the partner gave you.").max(500),
});

// Reads a partner's TAXII 2.1 collection (every page) and imports it as one bundle.
export const POST = apiHandler<{ caseId: string }>(async ({ req, user, params }) => {
  const parsed = ZFromTaxii.safeParse(await readJsonObject(req));
  if (!parsed.success) throw new AppError("bad_input", "Some fields need attention.", zodDetails(parsed.error));
  const got = await fetchCollection(parsed.data.url, parsed.data.token);
  const r = await importPeerBundle(user, {
    caseId: params.caseId,
    partnerId: parsed.data.partnerId,
    fileName: `taxii-${new URL(got.url).hostname}-${new Date().toISOString().slice(0, 10)}.json`,
    via: "taxii",
    source: `${got.url} (${got.pages} page(s), ${got.objects} objects)`,
    body: (async function* () {
      yield new TextEncoder().encode(got.text);
    })(),
  });
  if (!r.ok) return errorResponse(r.error);
  return json(r.data, r.data.duplicate ? 200 : 201);
});
