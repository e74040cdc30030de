type TMember = { userId: string; role: string; user: { id: string; name: string; email: string; role: string } };

export function CaseTeam({ leadId, members }: { leadId: string; members: TMember[] }) {
  return (
    <section className="panel" aria-labelledby="team-h">
      <h2 id="team-h">Team</h2>
      {members.length === 0 ? (
        <p className="muted">Nobody is on this case yet.</p>
      ) : (
        <ul className="team-list">
          {members.map((m) => (
            <li key={m.userId}>
              <span className="team-name">
                {m.user.name}
                {m.userId === leadId && <span className="lead-chip">Lead</span>}
              </span>
              <span className="muted small">
                {m.role} on this case · {m.user.email}
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
