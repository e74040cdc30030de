// Checks a proposed case team against who the people are: the lead must be an active analyst,
// and a case role must fit the person's global role (reviewers review, analysts analyse).
import type { TCaseRole, TRole } from "../authz";
import type { Tx } from "../db";
import { AppError, type ErrorDetail } from "../errors";

/** Which case roles a person with each global role may hold. */
export const CASE_ROLES_FOR: Record<TRole, TCaseRole[]> = {
  analyst: ["analyst", "observer"],
  reviewer: ["reviewer", "observer"],
  admin: ["observer"],
};

export type TTeamMember = { userId: string; role: TCaseRole };

export async function resolveTeam(tx: Tx, leadId: string, members: TTeamMember[], creator?: { id: string; role: TRole }): Promise<TTeamMember[]> {
  const ids = [...new Set([leadId, ...members.map((m) => m.userId), ...(creator ? [creator.id] : [])])];
  const users = new Map((await tx.user.findMany({ where: { id: { in: ids } }, select: { id: true, name: true, role: true, disabled: true } })).map((u) => [u.id, u]));
  const problems: ErrorDetail[] = [];
  const lead = users.get(leadId);
  if (!lead || lead.disabled) problems.push({ field: "leadId", message: "The lead must be an active user." });
  else if (lead.role !== "analyst") problems.push({ field: "leadId", message: `${lead.name} is a ${lead.role}; the lead must be an analyst.` });

  const seen = new Set<string>();
  const team: TTeamMember[] = [];
  members.forEach((m, i) => {
    const u = users.get(m.userId);
    if (!u || u.disabled) return problems.push({ field: `members.${i}.userId`, message: "This person is not an active user." });
    if (seen.has(m.userId)) return problems.push({ field: `members.${i}.userId`, message: `${u.name} is listed twice.` });
    seen.add(m.userId);
    if (!CASE_ROLES_FOR[u.role].includes(m.role)) {
      return problems.push({ field: `members.${i}.role`, message: `${u.name} is a ${u.role} and can be ${CASE_ROLES_FOR[u.role].join(" or ")} on a case, not ${m.role}.` });
    }
    team.push({ userId: m.userId, role: m.role });
  });
  if (problems.length) throw new AppError("bad_input", "The team needs attention.", problems);

  const ensure = (userId: string, role: TCaseRole) => {
    const existing = team.find((m) => m.userId === userId);
    if (existing) existing.role = role;
    else team.push({ userId, role });
  };
  ensure(leadId, "analyst");
  // Whoever opens a case as an analyst stays on it, so they can see what they made.
  if (creator?.role === "analyst" && !team.some((m) => m.userId === creator.id)) team.push({ userId: creator.id, role: "analyst" });
  return team;
}
