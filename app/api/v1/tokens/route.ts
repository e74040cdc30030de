import { actionRoute } from "@/lib/api/action-route";
import { apiHandler, json } from "@/lib/api/route";
import { listOwnTokens } from "@/lib/tokens/queries";

// The caller's own tokens: name, prefix, dates; never the token or its hash.
export const GET = apiHandler(async ({ user }) => json({ items: await listOwnTokens(user) }));

export const POST = actionRoute("POST /api/v1/tokens");
