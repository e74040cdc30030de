// Deterministic formatting for people (UTC, fixed locale), shared by the server, the CLI and the
// browser so both sides render the same text. Pure.
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

export function formatCount(n: number): string {
  return n.toLocaleString("en-US");
}

/** A chart's axis, tooltip or table value: counts with separators, anything else as it is. */
export function formatChartValue(v: unknown): string {
  return typeof v === "number" ? formatCount(v) : String(v);
}

const AXIS = new Intl.NumberFormat("en-US", { notation: "compact", maximumFractionDigits: 1 });

/** A chart axis's tick: whole up to 9,999, then compact (40K, 1.2M, 3.5B), so a campaign's token
 *  counts (tens of millions a day) fit the axis. Tooltips and tables keep the exact number. */
export function formatAxisValue(v: unknown): string {
  return typeof v === "number" && Math.abs(v) >= 10_000 ? AXIS.format(v) : formatChartValue(v);
}

export function plural(n: number, one: string, many: string): string {
  return `${formatCount(n)} ${n === 1 ? one : many}`;
}

/** Sizes in binary units, named as such (1 KiB = 1,024 bytes). */
export function formatBytes(n: number): string {
  const units = ["KiB", "MiB", "GiB", "TiB"];
  if (n < 1024) return `${n} B`;
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v >= 100 ? Math.round(v) : v.toFixed(1)} ${units[i]}`;
}

export function formatDuration(seconds: number): string {
  if (seconds < 60) return `${Math.max(1, Math.round(seconds))} s`;
  if (seconds < 3600) return `${Math.round(seconds / 60)} min`;
  const h = Math.floor(seconds / 3600);
  const m = Math.round((seconds % 3600) / 60);
  return m ? `${h} h ${m} min` : `${h} h`;
}
