// Template families: how many samples and accounts sent each, when, the representative prompt and
// a word diff against the member least like it. Prompts are attacker-written: text only.
import { familyDiff } from "@/lib/analysis/family-diff";
import type { TFamilyItem } from "@/lib/families/queries";
import { formatCount, formatDateTime } from "@/lib/format";
import styles from "./families.module.css";

function Diff({ a, b }: { a: string; b: string }) {
  return (
    <p className={styles.diff}>
      {familyDiff(a, b).map((part, i) =>
        part.op === "same" ? <span key={i}>{part.text}</span> : part.op === "removed" ? <del key={i}>{part.text}</del> : <ins key={i}>{part.text}</ins>,
      )}
    </p>
  );
}

export function FamilyList({ items }: { items: TFamilyItem[] }) {
  if (!items.length) return <p className="muted">No families yet: group the sample prompts to find the templates.</p>;
  return (
    <ol className={styles.list}>
      {items.map((f) => (
        <li key={f.id} className={styles.family} data-testid="family">
          <div className={styles.head}>
            <strong>{formatCount(f.samples)} samples</strong>
            <span>from {formatCount(f.accounts)} accounts</span>
            <span className="muted small">
              first {formatDateTime(f.firstSeen)}, last {formatDateTime(f.lastSeen)}
            </span>
            <span className="mono small muted">{f.key}</span>
          </div>
          <p className={styles.prompt}>{f.representative.prompt}</p>
          <details>
            <summary className="small">
              Diff against <span className="mono">{f.contrast.externalId}</span>, the member least like it
            </summary>
            <Diff a={f.representative.prompt} b={f.contrast.prompt} />
          </details>
        </li>
      ))}
    </ol>
  );
}
