import { describe, expect, it } from "vitest";
import { RollupTally, type TTalliedRollups, type TTallyRow } from "./rollup-tally";

/** The result with its account-days read out (they are made as they are read). */
const read = (r: TTalliedRollups) => ({ ...r, accountDays: [...r.accountDays] });

const row = (accountId: string, ts: string, model = "m", extra: Partial<TTallyRow> = {}): TTallyRow => ({
  accountId, ts: new Date(ts), model, isSample: false, promptTokens: 10, completionTokens: 1, ...extra,
});

const rows: TTallyRow[] = [
  row("20", "2026-04-10T23:59:59.999Z"),
  row("3", "2026-04-11T00:00:00Z", "n", { isSample: true, promptTokens: null }),
  row("20", "2026-04-10T00:00:00Z", "m", { completionTokens: null }),
  row("3", "2026-04-11T12:00:00Z"),
  row("3", "2026-04-09T12:00:00Z", "n"),
  row("100", "1969-12-31T23:00:00Z"),
];

describe("the rollup tally", () => {
  it("counts per account and UTC day, per account, per day and model, active accounts per day, and the totals", () => {
    const t = new RollupTally();
    for (const r of rows) t.add(r);
    const out = read(t.result());
    expect(out.total).toEqual({ exchanges: 6, samples: 1, promptTokens: 50, completionTokens: 5, first: new Date("1969-12-31T23:00:00Z"), last: new Date("2026-04-11T12:00:00Z") });
    // In the key's order: account id as a number (3 < 20 < 100), then day.
    expect(out.accountDays).toEqual([
      { accountId: "3", day: "2026-04-09", exchanges: 1, promptTokens: 10, completionTokens: 1 },
      { accountId: "3", day: "2026-04-11", exchanges: 2, promptTokens: 10, completionTokens: 2 },
      { accountId: "20", day: "2026-04-10", exchanges: 2, promptTokens: 20, completionTokens: 1 },
      { accountId: "100", day: "1969-12-31", exchanges: 1, promptTokens: 10, completionTokens: 1 },
    ]);
    expect(out.accounts).toEqual([
      { accountId: "3", exchanges: 3, firstSeen: new Date("2026-04-09T12:00:00Z"), lastSeen: new Date("2026-04-11T12:00:00Z") },
      { accountId: "20", exchanges: 2, firstSeen: new Date("2026-04-10T00:00:00Z"), lastSeen: new Date("2026-04-10T23:59:59.999Z") },
      { accountId: "100", exchanges: 1, firstSeen: new Date("1969-12-31T23:00:00Z"), lastSeen: new Date("1969-12-31T23:00:00Z") },
    ]);
    expect(out.dayModels).toEqual([
      { day: "1969-12-31", model: "m", exchanges: 1, samples: 0, promptTokens: 10, completionTokens: 1 },
      { day: "2026-04-09", model: "n", exchanges: 1, samples: 0, promptTokens: 10, completionTokens: 1 },
      { day: "2026-04-10", model: "m", exchanges: 2, samples: 0, promptTokens: 20, completionTokens: 1 },
      { day: "2026-04-11", model: "m", exchanges: 1, samples: 0, promptTokens: 10, completionTokens: 1 },
      { day: "2026-04-11", model: "n", exchanges: 1, samples: 1, promptTokens: 0, completionTokens: 1 },
    ]);
    expect(out.activeByDay).toEqual([
      { day: "1969-12-31", accounts: 1 },
      { day: "2026-04-09", accounts: 1 },
      { day: "2026-04-10", accounts: 1 },
      { day: "2026-04-11", accounts: 1 },
    ]);
  });

  it("comes out the same when its parts are counted apart and absorbed, in any cut", () => {
    const whole = new RollupTally();
    for (const r of rows) whole.add(r);
    for (let cut = 0; cut <= rows.length; cut++) {
      const a = new RollupTally();
      const b = new RollupTally();
      rows.slice(0, cut).forEach((r) => a.add(r));
      rows.slice(cut).forEach((r) => b.add(r));
      const merged = new RollupTally();
      merged.absorb(b.summary());
      merged.absorb(a.summary());
      expect(read(merged.result())).toEqual(read(whole.result()));
    }
  });

  it("keeps thousands of account-days apart as its table grows, and in the key's order", () => {
    // 400 accounts × 15 days, each account-day twice and in a scrambled order: 6,000 slots, so the
    // table (4,096 at first, doubled when half full) grows twice.
    const many: TTallyRow[] = [];
    for (let k = 0; k < 12_000; k++) {
      const j = (k * 7919) % 6000;
      many.push(row(String(1 + (j % 400) * 3), new Date(Date.UTC(2026, 3, 1 + Math.floor(j / 400), k % 24)).toISOString(), "m", { promptTokens: j, completionTokens: 1 }));
    }
    const expected = new Map<string, { exchanges: number; promptTokens: number }>();
    for (const r of many) {
      const key = `${r.accountId}|${r.ts.toISOString().slice(0, 10)}`;
      const e = expected.get(key) ?? { exchanges: 0, promptTokens: 0 };
      expected.set(key, { exchanges: e.exchanges + 1, promptTokens: e.promptTokens + (r.promptTokens ?? 0) });
    }
    const t = new RollupTally();
    for (const r of many) t.add(r);
    const days = [...t.result().accountDays];
    expect(days).toHaveLength(6000);
    expect(new Map(days.map((d) => [`${d.accountId}|${d.day}`, { exchanges: d.exchanges, promptTokens: d.promptTokens }]))).toEqual(expected);
    const keys = days.map((d) => [Number(d.accountId), d.day] as const);
    expect(keys.every(([a, d], i) => i === 0 || keys[i - 1][0] < a || (keys[i - 1][0] === a && keys[i - 1][1] < d))).toBe(true);
  });

  it("is empty with no rows", () => {
    expect(read(new RollupTally().result())).toEqual({
      total: { exchanges: 0, samples: 0, promptTokens: 0, completionTokens: 0, first: null, last: null },
      accountDays: [], accounts: [], dayModels: [], activeByDay: [],
    });
  });
});
