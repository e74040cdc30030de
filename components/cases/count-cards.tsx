import { formatCount } from "@/lib/format";
import styles from "./cases.module.css";
type TCounts = { accounts: number; clusters: number; exchanges: number; samples: number; evidence: number; annotations: number };

const CARDS: { key: keyof TCounts; label: string }[] = [
  { key: "accounts", label: "Accounts" },
  { key: "clusters", label: "Clusters" },
  { key: "exchanges", label: "Exchanges" },
  { key: "samples", label: "Samples" },
  { key: "evidence", label: "Evidence items" },
  { key: "annotations", label: "Annotations" },
];

/** "count-card" and "count-value" stay beside the module classes: the end-to-end tests find the cards by them. */
export function CountCards({ counts }: { counts: TCounts }) {
  return (
    <section aria-label="Counts" className={styles.countCards}>
      {CARDS.map((c) => (
        <div key={c.key} className={`card count-card ${styles.countCard}`}>
          <span className={`count-value ${styles.countValue}`}>{formatCount(counts[c.key])}</span>
          <span className={styles.countLabel}>{c.label}</span>
        </div>
      ))}
    </section>
  );
}
