import { page, parseFilters } from "@/lib/sharing/taxii";
import { collectionOf, dateHeaders, recordServed, taxiiHandler, taxiiJson, taxiiNotFound } from "@/lib/sharing/taxii-route";

// One object of the collection (its latest version unless match[version] says otherwise).
export const GET = taxiiHandler<{ collectionId: string; objectId: string }>(async ({ req, caller, params }) => {
  const filters = { ...parseFilters(new URL(req.url).searchParams), ids: [params.objectId] };
  const p = page(await collectionOf(caller, params.collectionId), filters);
  if (!p.items.length && !filters.next) throw taxiiNotFound("That object");
  await recordServed(caller, "object", p.items);
  return taxiiJson({ more: p.more, ...(p.next ? { next: p.next } : {}), objects: p.items.map((v) => v.object) }, 200, dateHeaders(p.items));
});
