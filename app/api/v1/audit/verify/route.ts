import { apiHandler, json } from "@/lib/api/route";
import { verifyAuditLog } from "@/lib/audit/verify";
import { can } from "@/lib/authz";
import { AppError } from "@/lib/errors";

export const GET = apiHandler(async ({ user }) => {
  const d = can(user, "audit.verify");
  if (!d.ok) throw new AppError("forbidden", d.reason);
  return json(await verifyAuditLog());
});
