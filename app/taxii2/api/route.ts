import { TAXII_MEDIA_TYPE } from "@/lib/sharing/taxii";
import { taxiiHandler, taxiiJson } from "@/lib/sharing/taxii-route";
import { labName } from "@/lib/sharing/mutations";

// The API root: read-only, so it takes no content.
export const GET = taxiiHandler(async () => taxiiJson({ title: `${labName()}: shared indicators`, versions: [TAXII_MEDIA_TYPE], max_content_length: 0 }));
