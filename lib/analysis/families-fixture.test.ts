import { describe, expect, it } from "vitest";
import { familiesFixture } from "./families-fixture";

describe("familiesFixture", () => {
  it("is the same for the same seed, and different for another", () => {
    const a = familiesFixture({ seed: 1, count: 2000 });
    expect(familiesFixture({ seed: 1, count: 2000 })).toEqual(a);
    expect(familiesFixture({ seed: 2, count: 2000 }).prompts).not.toEqual(a.prompts);
  });

  it("labels every prompt with its template or as noise, in the proportions asked for", () => {
    const { prompts, labels, templates } = familiesFixture({ count: 20_000, noiseShare: 0.2 });
    expect(prompts).toHaveLength(20_000);
    expect(new Set(prompts.map((p) => p.id)).size).toBe(20_000);
    expect(templates.length).toBeGreaterThanOrEqual(30);
    expect(new Set(labels)).toEqual(new Set([...templates, "noise"]));
    const noise = labels.filter((l) => l === "noise").length / labels.length;
    expect(noise).toBeGreaterThan(0.18);
    expect(noise).toBeLessThan(0.22);
    // Several scripts, and emoji, are in there.
    const all = prompts.map((p) => p.text).join("\n");
    for (const script of [/\p{Script=Han}/u, /\p{Script=Cyrillic}/u, /\p{Script=Arabic}/u, /\p{Script=Katakana}/u, /\p{Extended_Pictographic}/u]) expect(all).toMatch(script);
  });
});
