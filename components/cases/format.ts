// Deterministic date formatting (UTC, no locale) so server and client render the same text.
type TDateLike = Date | string | null | undefined;

function toDate(v: TDateLike): Date | null {
  if (!v) return null;
  const d = v instanceof Date ? v : new Date(v);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** YYYY-MM-DD in UTC, or "" when there is no date. */
export function formatDay(v: TDateLike): string {
  return toDate(v)?.toISOString().slice(0, 10) ?? "";
}

/** YYYY-MM-DD HH:MM UTC */
export function formatDateTime(v: TDateLike): string {
  const d = toDate(v);
  return d ? `${d.toISOString().slice(0, 16).replace("T", " ")} UTC` : "";
}

/** YYYY-MM-DD HH:MM:SS UTC, for the audit trail where seconds matter. */
export function formatTimestamp(v: TDateLike): string {
  const d = toDate(v);
  return d ? `${d.toISOString().slice(0, 19).replace("T", " ")} UTC` : "";
}

export function formatWindow(start: TDateLike, end: TDateLike): string {
  const a = formatDay(start);
  const b = formatDay(end);
  if (!a && !b) return "—";
  return `${a || "?"} → ${b || "?"}`;
}

export function statusLabel(status: string): string {
  return status.replace(/_/g, " ");
}
