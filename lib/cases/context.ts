// Loads the facts authorization needs about a case, for one user. A case the user may not see is
// "not found", never "forbidden": its existence is not revealed.
import type { TActionContext } from "../action";
import type { TActor, TCaseRole, TCaseStatus } from "../authz";
import { canSeeCase } from "../authz";
import type { Tx } from "../db";
import { notFound } from "../errors";

export async function loadCaseContext(tx: Tx, caseId: string, user: TActor): Promise<TActionContext & { caseId: string }> {
  const c = await tx.case.findUnique({
    where: { id: caseId },
    select: { id: true, status: true, leadId: true, submittedById: true, members: { where: { userId: user.id }, select: { role: true } } },
  });
  const membership = (c?.members[0]?.role ?? null) as TCaseRole | null;
  if (!c || !canSeeCase(user, { membership })) throw notFound("That case");
  return {
    caseId: c.id,
    facts: { membership, leadId: c.leadId, submittedById: c.submittedById, status: c.status as TCaseStatus },
  };
}
