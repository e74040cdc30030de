// Loads the facts authorization needs about a case, for one actor. A case the actor may not see is
// "not found", never "forbidden": its existence is not revealed. System actors working on their own
// (the worker) see every case; their grants decide what they may do.
import type { TActionContext } from "../action";
import { canSeeCase, principalOf, type TActor, type TCaseRole, type TCaseStatus } from "../authz";
import type { Tx } from "../db";
import { notFound } from "../errors";

export async function loadCaseContext(tx: Tx, caseId: string, actor: TActor): Promise<TActionContext & { caseId: string }> {
  const person = principalOf(actor);
  const c = await tx.case.findUnique({
    where: { id: caseId },
    select: { id: true, status: true, leadId: true, submittedById: true, members: { where: { userId: person?.id ?? "" }, select: { role: true } } },
  });
  const membership = (c?.members[0]?.role ?? null) as TCaseRole | null;
  if (!c || (person && !canSeeCase(person, { membership }))) throw notFound("That case");
  return {
    caseId: c.id,
    facts: { membership, leadId: c.leadId, submittedById: c.submittedById, status: c.status as TCaseStatus },
  };
}
