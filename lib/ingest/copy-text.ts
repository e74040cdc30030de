// Encodes values for PostgreSQL's COPY text format: tab-separated, \N for null, with backslash,
// newline, carriage return and tab escaped. Attacker-written text goes through here as data,
// never as SQL. Pure.
const ESC: Record<string, string> = { "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t" };

export function copyValue(v: string | number | bigint | boolean | Date | null | undefined): string {
  if (v === null || v === undefined) return "\\N";
  if (typeof v === "string") return /[\\\n\r\t]/.test(v) ? v.replace(/[\\\n\r\t]/g, (c) => ESC[c]) : v;
  if (v instanceof Date) return v.toISOString();
  if (typeof v === "boolean") return v ? "t" : "f";
  return String(v);
}

export function copyLine(values: Parameters<typeof copyValue>[0][]): string {
  return `${values.map(copyValue).join("\t")}\n`;
}
