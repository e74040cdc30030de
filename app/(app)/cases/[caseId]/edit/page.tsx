import Link from "next/link";
import { CaseForm } from "@/components/cases/case-form";
import { formatDay } from "@/lib/format";
import { can } from "@/lib/authz";
import { listAssignableUsers } from "@/lib/cases/queries";
import { loadCase, type TCaseParams } from "../load-case";
import styles from "@/components/cases/cases.module.css";

export default async function EditCasePage({ params }: TCaseParams) {
  const { caseId } = await params;
  const { user, c } = await loadCase(caseId);
  const people = c.permissions.manageMembers ? await listAssignableUsers(user) : [];
  // The lead is listed too: changing the lead then keeps the former lead on the team unless removed.
  const members = c.members.map((m) => ({ userId: m.userId, role: m.role as string }));

  return (
    <div className={styles.editGrid}>
      <section className="panel form-panel" aria-labelledby="details-h">
        <h2 id="details-h">Details</h2>
        {c.permissions.edit ? (
          <CaseForm
            key={`details-${c.version}`}
            mode="details"
            caseId={c.id}
            version={c.version}
            initial={{
              title: c.title,
              summary: c.summary,
              severity: c.severity,
              suspectedActor: c.suspectedActor ?? "",
              windowStart: formatDay(c.windowStart),
              windowEnd: formatDay(c.windowEnd),
            }}
          />
        ) : (
          <p>{reason(can(user, "case.edit", c.facts))}</p>
        )}
      </section>
      <section className="panel form-panel" aria-labelledby="team-edit-h">
        <h2 id="team-edit-h">Team</h2>
        {c.permissions.manageMembers ? (
          <CaseForm key={`team-${c.version}`} mode="team" caseId={c.id} people={people} initial={{ leadId: c.leadId, members }} />
        ) : (
          <p>{reason(can(user, "case.manageMembers", c.facts))}</p>
        )}
      </section>
      <p>
        <Link href={`/cases/${c.id}`}>Back to the case</Link>
      </p>
    </div>
  );
}

function reason(d: { ok: boolean; reason?: string }) {
  return d.reason ?? "You cannot change this.";
}
