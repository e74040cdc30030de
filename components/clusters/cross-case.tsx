// Indicators of this case (or cluster) that other cases the reader may see also hold, each with a
// link to that case. Cases the reader may not see never reach this list (lib/clusters/queries.ts).
import Link from "next/link";
import { signalLabel } from "@/lib/clusters/naming";
import type { TCorrelation } from "@/lib/clusters/queries";
import { plural } from "@/lib/format";
import styles from "./clusters.module.css";

export function CrossCase({ hits, scope }: { hits: TCorrelation[]; scope: "case" | "cluster" }) {
  return (
    <section className="panel" aria-labelledby="xcase-h">
      <h2 id="xcase-h">Seen in other cases</h2>
      {hits.length === 0 ? (
        <p className="muted small">
          No payment fingerprint, organization id, IP range or template family of this {scope} appears in another case you can see.
        </p>
      ) : (
        <ul className={styles.plainList}>
          {hits.map((h, i) => (
            <li key={i} className="small" data-testid="cross-case-hit">
              <strong>{signalLabel(h.kind)}</strong> <span className="mono">{h.value}</span> — also in{" "}
              <Link href={`/cases/${h.otherCaseId}`}>
                {h.otherRef} · {h.otherTitle}
              </Link>{" "}
              <span className="muted">({h.kind === "template_family" ? `${plural(h.accounts, "account uses", "accounts use")} the family` : plural(h.accounts, "account", "accounts")})</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
