import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { AuditVerifier } from "@/components/admin/audit-verifier";
import { checkpointSummary } from "@/lib/audit/checkpoints";
import { can } from "@/lib/authz";
import { requireUser } from "@/lib/session";

export const metadata: Metadata = { title: "Audit log" };

export default async function AuditAdminPage() {
  const user = await requireUser();
  // Non-admins: the page does not exist for them.
  if (!can(user, "audit.verify").ok) notFound();
  const s = await checkpointSummary();
  return (
    <>
      <div className="page-head">
        <h1>Audit log</h1>
      </div>
      <section className="panel" aria-labelledby="checkpoint-h">
        <h2 id="checkpoint-h">Last signed checkpoint</h2>
        <p className="small muted">
          The head of the audit chain, signed with the export key after every export approval and build and every few minutes by the worker, kept outside the database in{" "}
          <span className="mono">{s.file}</span>.{" "}
          {s.inObjectStore ? "Every host writes them there, one object each." : "Back this file up with the signing key."}
        </p>
        {s.note && (
          <p className="small">
            <strong>Note:</strong> {s.note}
          </p>
        )}
        {s.last ? (
          <dl className="fact-list" data-testid="last-checkpoint">
            <div>
              <dt>Event</dt>
              <dd>{s.last.seq}</dd>
            </div>
            <div>
              <dt>Signed</dt>
              <dd>{s.last.at}</dd>
            </div>
            <div>
              <dt>Hash</dt>
              <dd className="mono">{s.last.hash}</dd>
            </div>
            <div>
              <dt>Key fingerprint</dt>
              <dd className="mono">{s.last.keyFingerprint}</dd>
            </div>
            <div>
              <dt>Checkpoints</dt>
              <dd>{s.count}</dd>
            </div>
          </dl>
        ) : (
          <p>No checkpoint yet. The worker writes one within minutes; or run `npm run casebook -- audit checkpoint`.</p>
        )}
        {s.torn > 0 && <p className="small muted">{s.torn} line(s) of the file were cut short by a crash while being written; they count as absent.</p>}
      </section>
      <section className="panel" aria-labelledby="verify-h">
        <h2 id="verify-h">Verify</h2>
        <p className="small muted">Walks the whole hash chain and checks every checkpoint: its signature, and that the event it names still has the hash it signed.</p>
        <AuditVerifier />
      </section>
    </>
  );
}
