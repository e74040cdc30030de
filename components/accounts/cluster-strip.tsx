import Link from "next/link";
import { formatCount } from "@/lib/format";
import styles from "./accounts.module.css";

export type TClusterCard = {
  id: string;
  name: string;
  origin: string;
  status: string;
  accountCount: number;
  signals: { kind: string; value: string; accounts: number; confidence: number }[];
};

const SIGNAL_LABEL: Record<string, string> = {
  imported_label: "Pipeline label",
  payment_fingerprint: "Shared payment",
  ip_24: "IP /24",
  asn_user_agent: "ASN + user agent",
  creation_burst: "Creation burst",
};

function signalLabel(kind: string) {
  return SIGNAL_LABEL[kind] ?? kind.replace(/_/g, " ");
}

/** The clusters of a case with their size and strongest linking signals; a click filters the table. */
export function ClusterStrip({ caseId, clusters, selected }: { caseId: string; clusters: TClusterCard[]; selected?: string }) {
  if (clusters.length === 0) return null;
  return (
    <section className={styles.clusterStrip} aria-labelledby="clusters-h">
      <h2 id="clusters-h">
        Clusters <span className="muted small">({formatCount(clusters.length)})</span>
      </h2>
      <ul className={styles.clusterList}>
        {clusters.map((c) => {
          const top = [...c.signals].sort((a, b) => b.confidence - a.confidence || b.accounts - a.accounts).slice(0, 3);
          const active = selected === c.id;
          return (
            <li key={c.id} className={styles.clusterCard} data-selected={active ? "true" : undefined}>
              <div className={styles.clusterCardHead}>
                <Link
                  href={active ? `/cases/${caseId}/accounts` : `/cases/${caseId}/accounts?cluster=${encodeURIComponent(c.id)}`}
                  className={styles.clusterName}
                  aria-current={active ? "true" : undefined}
                  title={active ? "Show all accounts" : "Show only this cluster's accounts"}
                >
                  {c.name}
                </Link>
                <span className="muted small">
                  {formatCount(c.accountCount)} {c.accountCount === 1 ? "account" : "accounts"}
                </span>
              </div>
              <p className={`small muted ${styles.clusterMeta}`}>
                {c.origin} · {c.status}
              </p>
              {top.length > 0 ? (
                <ul className={styles.signalList}>
                  {top.map((s, i) => (
                    <li key={i} className="small">
                      <span>{signalLabel(s.kind)}</span>: <span className="mono">{s.value}</span>{" "}
                      <span className="muted">
                        ({formatCount(s.accounts)} acc., {Math.round(s.confidence * 100)}%)
                      </span>
                    </li>
                  ))}
                </ul>
              ) : (
                <p className="small muted">No linking signals recorded.</p>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
