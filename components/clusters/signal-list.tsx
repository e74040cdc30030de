// Linking signals as a person reads them: kind, value (attacker-chosen text, rendered as text), how
// many members and accounts of the whole case share it, and its weight as a bar.
import { signalLabel } from "@/lib/clusters/naming";
import { formatCount } from "@/lib/format";
import styles from "./clusters.module.css";

export type TSignalView = { kind: string; value: string; accounts: number; caseAccounts: number; weight: number };

export function SignalList({ signals, limit = 3 }: { signals: TSignalView[]; limit?: number }) {
  if (!signals.length) return <span className="muted small">No linking signals recorded.</span>;
  return (
    <ul className={styles.signals}>
      {signals.slice(0, limit).map((s, i) => (
        <li key={i} className="small">
          <span className={styles.weight} style={{ width: `${Math.max(2, Math.round(s.weight * 40))}px` }} aria-hidden="true" />
          <span>{signalLabel(s.kind)}</span> <span className="mono">{s.value}</span>{" "}
          <span className="muted">
            ({formatCount(s.accounts)} here{s.caseAccounts ? ` of ${formatCount(s.caseAccounts)} in the case` : ""}, weight {s.weight.toFixed(2)})
          </span>
        </li>
      ))}
      {signals.length > limit ? <li className="small muted">and {signals.length - limit} more</li> : null}
    </ul>
  );
}
