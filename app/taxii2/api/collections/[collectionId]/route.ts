import { collectionResource, taxiiHandler, taxiiJson, taxiiNotFound } from "@/lib/sharing/taxii-route";

export const GET = taxiiHandler<{ collectionId: string }>(async ({ caller, params }) => {
  if (params.collectionId !== caller.partner.id) throw taxiiNotFound("That collection");
  return taxiiJson(collectionResource(caller));
});
