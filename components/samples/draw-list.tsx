// The random draws of a case, each with its seed, frame and method, and how far triage has got.
import Link from "next/link";
import { formatCount, formatDateTime } from "@/lib/format";
import type { TDraw } from "@/lib/samples/queries";
import styles from "./samples.module.css";

export function DrawList({ caseId, draws }: { caseId: string; draws: TDraw[] }) {
  if (!draws.length) return <p className="small muted">No draw yet.</p>;
  return (
    <ul className={styles.caps}>
      {draws.map((d) => (
        <li key={d.id} className="small" data-testid="draw">
          <strong>
            {formatCount(d.drawn)} of {formatCount(d.frameSize)}
          </strong>{" "}
          {d.frameText}, seed <span className="mono">{d.seed}</span>, by {d.createdBy} on {formatDateTime(d.createdAt)} — {formatCount(d.withText)} with text,{" "}
          {formatCount(d.triaged)} triaged. <Link href={`/cases/${caseId}/triage?queue=draw&draw=${d.id}`}>Triage</Link>
          {d.withText < d.drawn ? (
            <span className="muted"> {formatCount(d.drawn - d.withText)} drawn exchanges have no stored text yet: import their prompts and responses to annotate them.</span>
          ) : null}
          <details>
            <summary>Method</summary>
            <p className={styles.statement}>{d.methodText}</p>
          </details>
        </li>
      ))}
    </ul>
  );
}
