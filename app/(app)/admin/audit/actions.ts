"use server";
// Verifies the audit log on the server, for the admin page's "Verify now". A read, not a mutation:
// nothing to audit, but admins only, as the API route.
import { verifyAuditLog, type TAuditVerification } from "@/lib/audit/verify";
import { can } from "@/lib/authz";
import { getCurrentUser } from "@/lib/session";

export async function verifyAuditAction(): Promise<{ ok: true; data: TAuditVerification } | { ok: false; message: string }> {
  const user = await getCurrentUser();
  const d = user ? can(user, "audit.verify") : { ok: false as const, reason: "Sign in first." };
  if (!d.ok) return { ok: false, message: d.reason };
  return { ok: true, data: await verifyAuditLog() };
}
