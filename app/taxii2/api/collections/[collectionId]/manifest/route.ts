import { page, parseFilters, STIX_MEDIA_TYPE } from "@/lib/sharing/taxii";
import { collectionOf, dateHeaders, taxiiHandler, taxiiJson } from "@/lib/sharing/taxii-route";

// What the collection holds, without the objects: id, date added, version, media type.
export const GET = taxiiHandler<{ collectionId: string }>(async ({ req, caller, params }) => {
  const p = page(await collectionOf(caller, params.collectionId), parseFilters(new URL(req.url).searchParams));
  return taxiiJson(
    { more: p.more, ...(p.next ? { next: p.next } : {}), objects: p.items.map((v) => ({ id: v.id, date_added: v.dateAdded, version: v.version, media_type: STIX_MEDIA_TYPE })) },
    200,
    dateHeaders(p.items),
  );
});
