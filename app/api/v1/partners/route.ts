import { actionRoute } from "@/lib/api/action-route";
import { apiHandler, json } from "@/lib/api/route";
import { listPartners } from "@/lib/sharing/queries";

// Partner labs (name, contact, key fingerprint); an admin also sees their TAXII tokens (never the token itself).
export const GET = apiHandler(async ({ user }) => json({ items: await listPartners(user) }));

export const POST = actionRoute("POST /api/v1/partners");
