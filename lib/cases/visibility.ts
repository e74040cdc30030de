// Whether a user may see a case: the one check every case-scoped read starts with.
import { db } from "../db";
import type { TSessionUser } from "../session";

export async function visibleCaseId(user: TSessionUser, caseId: string): Promise<boolean> {
  if (user.disabled) return false;
  if (user.role === "admin") return (await db().case.count({ where: { id: caseId } })) > 0;
  return (await db().caseMember.count({ where: { caseId, userId: user.id } })) > 0;
}
