import Link from "next/link";
import type { TUserDetail } from "@/lib/users/queries";

/** The cases a person is on: what a change of their global role has to fit. */
export function UserCases({ userId, memberships }: { userId: string; memberships: TUserDetail["memberships"] }) {
  return (
    <section className="panel" aria-labelledby="cases-h">
      <h2 id="cases-h">Cases</h2>
      {memberships.length === 0 ? (
        <p className="muted">Not on any case.</p>
      ) : (
        <ul className="team-list">
          {memberships.map((m) => (
            <li key={m.case.id}>
              <span className="team-name">
                <Link href={`/cases/${m.case.id}`} className="mono">
                  {m.case.ref}
                </Link>{" "}
                {m.case.title}
                {m.case.leadId === userId && <span className="lead-chip">Lead</span>}
              </span>
              <span className="muted small">{m.role} on this case</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
