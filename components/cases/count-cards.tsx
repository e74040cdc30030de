import { formatCount } from "@/lib/format";
type TCounts = { accounts: number; clusters: number; exchanges: number; samples: number; evidence: number; annotations: number };

const CARDS: { key: keyof TCounts; label: string }[] = [
  { key: "accounts", label: "Accounts" },
  { key: "clusters", label: "Clusters" },
  { key: "exchanges", label: "Exchanges" },
  { key: "samples", label: "Samples" },
  { key: "evidence", label: "Evidence items" },
  { key: "annotations", label: "Annotations" },
];

export function CountCards({ counts }: { counts: TCounts }) {
  return (
    <section aria-label="Counts" className="count-cards">
      {CARDS.map((c) => (
        <div key={c.key} className="count-card">
          <span className="count-value">{formatCount(counts[c.key])}</span>
          <span className="count-label">{c.label}</span>
        </div>
      ))}
    </section>
  );
}
