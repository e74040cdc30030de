import { page, parseFilters } from "@/lib/sharing/taxii";
import { collectionOf, dateHeaders, recordServed, taxiiHandler, taxiiJson } from "@/lib/sharing/taxii-route";

// The collection's objects, as an envelope: added_after, limit, next, match[id|type|version|spec_version].
export const GET = taxiiHandler<{ collectionId: string }>(async ({ req, caller, params }) => {
  const filters = parseFilters(new URL(req.url).searchParams);
  const p = page(await collectionOf(caller, params.collectionId), filters);
  await recordServed(caller, "objects", p.items);
  return taxiiJson({ more: p.more, ...(p.next ? { next: p.next } : {}), objects: p.items.map((v) => v.object) }, 200, dateHeaders(p.items));
});
