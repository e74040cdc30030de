import Link from "next/link";
import { formatCount } from "@/lib/format";
import styles from "./clusters.module.css";

const FILTERS = [
  { value: "", label: "All" },
  { value: "accepted", label: "Accepted" },
  { value: "proposed", label: "Proposed" },
  { value: "rejected", label: "Rejected" },
] as const;

/** Links that filter the cluster list by status, each with its count. */
export function StatusFilter({ current, counts }: { current: string; counts: Record<string, number> }) {
  return (
    <nav aria-label="Filter clusters by status" className={styles.chips}>
      {FILTERS.map((f) => (
        <Link key={f.value} href={f.value ? `?status=${f.value}` : "?"} className={styles.chip} aria-current={current === f.value ? "page" : undefined}>
          {f.label} ({formatCount(counts[f.value] ?? 0)})
        </Link>
      ))}
    </nav>
  );
}
