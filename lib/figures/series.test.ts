import { describe, expect, it } from "vitest";
import { daysOf, exchangesByModel, perDay, tokensPerDay } from "./series";

const range = { from: "2026-04-29", to: "2026-05-02" };

describe("figure series", () => {
  it("covers every day of the range, across a month end", () => {
    expect(daysOf(range)).toEqual(["2026-04-29", "2026-04-30", "2026-05-01", "2026-05-02"]);
  });
  it("stacks exchanges by model, the busiest model first, with zeros on quiet days", () => {
    const r = exchangesByModel(
      [
        { day: "2026-04-29", model: "small", exchanges: 5, promptTokens: 1, completionTokens: 1 },
        { day: "2026-04-29", model: "large", exchanges: 7, promptTokens: 1, completionTokens: 1 },
        { day: "2026-05-01", model: "large", exchanges: 3, promptTokens: 1, completionTokens: 1 },
      ],
      range,
    );
    expect(r.series).toEqual([
      { key: "m0", label: "large" },
      { key: "m1", label: "small" },
    ]);
    expect(r.rows).toEqual([
      { x: "2026-04-29", m0: 7, m1: 5 },
      { x: "2026-04-30", m0: 0, m1: 0 },
      { x: "2026-05-01", m0: 3, m1: 0 },
      { x: "2026-05-02", m0: 0, m1: 0 },
    ]);
  });
  it("adds tokens of every model per day", () => {
    const t = tokensPerDay([
      { day: "2026-04-30", model: "a", exchanges: 1, promptTokens: 10, completionTokens: 100 },
      { day: "2026-04-30", model: "b", exchanges: 1, promptTokens: 5, completionTokens: 50 },
    ], range);
    expect(t[1]).toEqual({ x: "2026-04-30", prompt: 15, completion: 150 });
  });
  it("fills a per-day count", () => {
    expect(perDay([{ day: "2026-05-02", n: 4 }], ["n"], range).map((r) => r.n)).toEqual([0, 0, 0, 4]);
  });
});
