import Link from "next/link";
import { notFound } from "next/navigation";
import { describeEvent } from "@/lib/audit/events";
import styles from "@/components/cases/cases.module.css";
import { EventTable } from "@/components/ui/event-table";
import { listAssignableUsers, listCaseActivity } from "@/lib/cases/queries";
import { loadCase, type TCaseParams } from "../load-case";

type TProps = TCaseParams & { searchParams: Promise<{ before?: string | string[] }> };

export default async function ActivityPage({ params, searchParams }: TProps) {
  const { caseId } = await params;
  const { before: rawBefore } = await searchParams;
  const { user, c } = await loadCase(caseId);
  const before = typeof rawBefore === "string" && /^\d{1,19}$/.test(rawBefore) ? BigInt(rawBefore) : undefined;
  const [activity, people] = await Promise.all([listCaseActivity(user, c.id, { before }), listAssignableUsers(user)]);
  if (!activity) notFound();
  const names = new Map(people.map((p) => [p.id, p.name]));
  for (const m of c.members) names.set(m.userId, m.user.name);

  return (
    <section className="panel" aria-labelledby="activity-h">
      <h2 id="activity-h">Activity</h2>
      <p className="muted small">Every change to this case, newest first, from the tamper-evident audit log.</p>
      {activity.events.length === 0 ? (
        <p className="empty">{before ? "No older events." : "No activity recorded yet."}</p>
      ) : (
        <EventTable
          className={styles.activityTable}
          wrap
          events={activity.events.map((e) => {
            const { label, details } = describeEvent(e, names);
            const lines = (
              <ul className="detail-lines">
                {details.map((line, i) => (
                  <li key={i} className="prewrap">
                    {line}
                  </li>
                ))}
              </ul>
            );
            return { id: String(e.seq), at: e.at, who: e.actorLabel, what: label, details: lines };
          })}
        />
      )}
      <p className="pager-links">
        {before && <Link href={`/cases/${c.id}/activity`}>Newest events</Link>}
        {activity.nextBefore && <Link href={`/cases/${c.id}/activity?before=${activity.nextBefore}`}>Older events</Link>}
      </p>
    </section>
  );
}
