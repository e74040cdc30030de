import { collectionResource, taxiiHandler, taxiiJson } from "@/lib/sharing/taxii-route";

// The one collection a partner's token reads: what was approved for that partner.
export const GET = taxiiHandler(async ({ caller }) => taxiiJson({ collections: [collectionResource(caller)] }));
