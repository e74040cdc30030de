// Turns rollup rows into chart series: one row per UTC day (every day of the range, zeros where
// nothing happened, so gaps show as gaps), a column per model. Pure.
export type TDayModelRow = { day: string; model: string; exchanges: number; promptTokens: number; completionTokens: number };
export type TRange = { from: string; to: string };

const DAY = 86_400_000;

export function daysOf(range: TRange): string[] {
  const out: string[] = [];
  for (let t = Date.parse(`${range.from}T00:00:00Z`), end = Date.parse(`${range.to}T00:00:00Z`); t <= end && out.length < 3700; t += DAY) {
    out.push(new Date(t).toISOString().slice(0, 10));
  }
  return out;
}

/** Exchanges per day, one series per model (most used first), with a stable key per model. */
export function exchangesByModel(rows: readonly TDayModelRow[], range: TRange) {
  const totals = new Map<string, number>();
  for (const r of rows) totals.set(r.model, (totals.get(r.model) ?? 0) + r.exchanges);
  const models = [...totals.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([m]) => m);
  const series = models.map((m, i) => ({ key: `m${i}`, label: m }));
  const keyOf = new Map(models.map((m, i) => [m, `m${i}`]));
  const byDay = new Map<string, Record<string, number>>();
  for (const r of rows) {
    const d = byDay.get(r.day) ?? {};
    d[keyOf.get(r.model)!] = (d[keyOf.get(r.model)!] ?? 0) + r.exchanges;
    byDay.set(r.day, d);
  }
  const data = daysOf(range).map((day) => ({ x: day, ...Object.fromEntries(series.map((s) => [s.key, byDay.get(day)?.[s.key] ?? 0])) }));
  return { series, rows: data };
}

/** Prompt and completion tokens per day. */
export function tokensPerDay(rows: readonly TDayModelRow[], range: TRange) {
  const byDay = new Map<string, { prompt: number; completion: number }>();
  for (const r of rows) {
    const d = byDay.get(r.day) ?? { prompt: 0, completion: 0 };
    d.prompt += r.promptTokens;
    d.completion += r.completionTokens;
    byDay.set(r.day, d);
  }
  return daysOf(range).map((day) => ({ x: day, prompt: byDay.get(day)?.prompt ?? 0, completion: byDay.get(day)?.completion ?? 0 }));
}

/** A per-day count, every day of the range. */
export function perDay<K extends string>(rows: readonly ({ day: string } & Record<K, number>)[], keys: readonly K[], range: TRange) {
  const byDay = new Map(rows.map((r) => [r.day, r]));
  return daysOf(range).map((day) => ({ x: day, ...Object.fromEntries(keys.map((k) => [k, byDay.get(day)?.[k] ?? 0])) }) as { x: string } & Record<K, number>);
}
