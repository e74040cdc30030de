import { actionRoute } from "@/lib/api/action-route";

export const DELETE = actionRoute("DELETE /api/v1/taxii-tokens/[tokenId]");
