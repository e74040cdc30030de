import { apiHandler, json } from "@/lib/api/route";

// Who the token acts as.
export const GET = apiHandler(async ({ user }) => json({ id: user.id, email: user.email, name: user.name, role: user.role }));
