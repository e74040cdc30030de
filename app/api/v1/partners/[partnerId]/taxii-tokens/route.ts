import { actionRoute } from "@/lib/api/action-route";

export const POST = actionRoute("POST /api/v1/partners/[partnerId]/taxii-tokens");
