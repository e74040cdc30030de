import { baseUrl, taxiiHandler, taxiiJson } from "@/lib/sharing/taxii-route";
import { labName } from "@/lib/sharing/mutations";

// TAXII 2.1 discovery: where the API root is. A partner's token is needed, as everywhere here.
export const GET = taxiiHandler(async ({ req }) => {
  const root = `${baseUrl(req)}/taxii2/api/`;
  return taxiiJson({ title: `${labName()}: shared indicators`, description: "Indicators of distillation campaigns this lab shares with you (read-only).", default: root, api_roots: [root] });
});
