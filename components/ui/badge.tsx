import { statusLabel } from "@/lib/format";

export function StatusBadge({ status }: { status: string }) {
  return <span className={`badge badge-status-${status}`}>{statusLabel(status)}</span>;
}

export function SeverityBadge({ severity }: { severity: string }) {
  return <span className={`badge badge-severity-${severity}`}>{severity}</span>;
}
