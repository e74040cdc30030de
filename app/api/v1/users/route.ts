import { actionRoute } from "@/lib/api/action-route";
import { apiHandler, json } from "@/lib/api/route";
import { listAssignableUsers } from "@/lib/cases/queries";
import { listUsers } from "@/lib/users/queries";

// People: for an admin, everyone with their state; for anyone else, the people who can be put on a
// case (id, name, email, role), as the team picker shows them.
export const GET = apiHandler(async ({ user }) => json({ items: (await listUsers(user)) ?? (await listAssignableUsers(user)) }));

export const POST = actionRoute("POST /api/v1/users");
