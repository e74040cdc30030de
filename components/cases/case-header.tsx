import Link from "next/link";
import { SeverityBadge, StatusBadge } from "@/components/ui/badge";
import type { TCaseDetail } from "@/lib/cases/queries";
import { TRANSITIONS } from "@/lib/cases/workflow";
import { formatWindow } from "@/lib/format";
import { TransitionButtons } from "./transition-buttons";
import styles from "./cases.module.css";

export function CaseHeader({ c }: { c: TCaseDetail }) {
  const transitions = c.transitions.map((t) => ({ key: t, label: TRANSITIONS[t].label, needsComment: TRANSITIONS[t].needsComment }));
  return (
    <header className={styles.header}>
      <div className={styles.headerMain}>
        <p className={`mono ${styles.ref}`}>{c.ref}</p>
        <h1>{c.title}</h1>
        <dl className={`fact-list ${styles.facts}`}>
          <div>
            <dt>Status</dt>
            <dd>
              <StatusBadge status={c.status} />
            </dd>
          </div>
          <div>
            <dt>Severity</dt>
            <dd>
              <SeverityBadge severity={c.severity} />
            </dd>
          </div>
          <div>
            <dt>Suspected actor</dt>
            <dd>{c.suspectedActor ?? "—"}</dd>
          </div>
          <div>
            <dt>Window</dt>
            <dd className="nowrap">{formatWindow(c.windowStart, c.windowEnd)}</dd>
          </div>
          <div>
            <dt>Lead</dt>
            <dd>{c.lead.name}</dd>
          </div>
        </dl>
      </div>
      <div className={styles.headerActions}>
        {(c.permissions.edit || c.permissions.manageMembers) && (
          <Link href={`/cases/${c.id}/edit`} className="btn">
            Edit
          </Link>
        )}
        <TransitionButtons caseId={c.id} transitions={transitions} />
      </div>
    </header>
  );
}
