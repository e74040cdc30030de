import { actionRoute } from "@/lib/api/action-route";
import { apiHandler, json } from "@/lib/api/route";
import { listCapabilities } from "@/lib/capabilities/queries";

// The capability taxonomy: the ids a tag names, with how many annotations each holds in the cases the caller sees.
export const GET = apiHandler(async ({ user }) => json({ items: await listCapabilities(user) }));

export const POST = actionRoute("POST /api/v1/capabilities");
