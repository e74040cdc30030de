import { describe, expect, it } from "vitest";
import { findUnstorable, isBigintId, spellLoneSurrogates } from "./storable-text";

describe("storable text", () => {
  it("finds NUL and lone surrogates by field, keeps pairs and plain text", () => {
    expect(findUnstorable({ title: "ok 😀", members: [{ name: "a\u0000" }] })).toEqual({ field: "members.0.name", message: "members.0.name holds a NUL character (\\u0000), which cannot be stored as text" });
    expect(findUnstorable({ summary: "x\ud800" })?.message).toBe("summary holds a lone surrogate (\\ud800) at character 2, which is not valid Unicode text");
    expect(findUnstorable({ ["k\udc00"]: 1 })?.message).toMatch(/field name .* lone surrogate \(\\udc00\)/);
    expect(findUnstorable({ title: "<script>alert(1)</script>", n: 1, d: new Date(0) })).toBeNull();
    expect(findUnstorable(JSON.parse("[".repeat(5000) + "]".repeat(5000)))?.message).toMatch(/deeper than 64/);
    expect(spellLoneSurrogates("a\ud800😀\udfff")).toBe("a\\ud800😀\\udfff");
  });
  it("accepts bigint ids PostgreSQL can hold, and nothing else", () => {
    expect(["1", "9223372036854775807"].map(isBigintId)).toEqual([true, true]);
    expect(["9223372036854775808", "-1", "1e9", "", "abc", "1 ", "１"].map(isBigintId)).toEqual([false, false, false, false, false, false, false]);
  });
});
