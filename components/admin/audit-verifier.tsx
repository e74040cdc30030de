"use client";
// "Verify now": runs the one audit verifier on the server and shows its verdict and every problem.
import { useState, useTransition } from "react";
import { verifyAuditAction } from "@/app/(app)/admin/audit/actions";
import type { TAuditVerification } from "@/lib/audit/verify";

export function AuditVerifier() {
  const [pending, startTransition] = useTransition();
  const [result, setResult] = useState<TAuditVerification | null>(null);
  const [error, setError] = useState<string | null>(null);

  function run() {
    setError(null);
    startTransition(async () => {
      const res = await verifyAuditAction();
      if (!res.ok) {
        setError(res.message);
        return;
      }
      setResult(res.data);
    });
  }

  return (
    <div className="stack">
      <div className="form-actions">
        <button type="button" className="btn" onClick={run} disabled={pending}>
          {pending ? "Verifying…" : "Verify now"}
        </button>
      </div>
      {error && (
        <p role="alert" className="form-error">
          {error}
        </p>
      )}
      {result && (
        <div role="status" data-testid="audit-verdict" className="stack">
          <p>
            <strong>{result.ok ? "Intact." : `Not intact: ${result.problems.length} problem(s).`}</strong> {result.events} events, head at event {result.head?.seq ?? "—"};{" "}
            {result.checkpoints} checkpoint(s){result.lastCheckpoint ? `, the last covering event ${result.lastCheckpoint.seq}` : ""}.
          </p>
          {result.problems.length > 0 && (
            <ul>
              {result.problems.map((p, i) => (
                <li key={i}>
                  <strong>{p.kind}</strong>
                  {p.seq ? ` at event ${p.seq}` : ""}: {p.message}
                </li>
              ))}
            </ul>
          )}
          {result.warnings.map((w, i) => (
            <p key={i} className="small muted">
              {w}
            </p>
          ))}
        </div>
      )}
    </div>
  );
}
