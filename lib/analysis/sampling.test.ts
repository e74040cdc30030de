import { describe, expect, it } from "vitest";
import { chooseSeed, cycleKey, cycleStart, describeFrame, describeMethod, drawCycle, drawKey, drawSample, frameOf, MAX_SEED, ZDrawInput } from "./sampling";

const ids = (n: number, prefix = "ex_") => Array.from({ length: n }, (_, i) => `${prefix}${String(i + 1).padStart(7, "0")}`);

// Chi-square statistic of observed counts against equal expected counts.
const chiSquare = (counts: number[]) => {
  const total = counts.reduce((a, b) => a + b, 0);
  const expected = total / counts.length;
  return counts.reduce((s, c) => s + (c - expected) ** 2 / expected, 0);
};

describe("drawKey", () => {
  it("is the hex SHA-256 of 'seed:id' in UTF-8 (golden values from coreutils sha256sum)", () => {
    // printf '7:ex_0000001' | sha256sum
    expect(drawKey(7, "ex_0000001")).toBe("f609b9ed83c0e3ef4b6e95ab474877091f437340337abde18359a87a75ea9665");
    expect(drawKey(0, "a")).toBe("9df3c5fab8ef8fe78a408912e52e76477b5bd838eec3cbf48191a848ec8563d3");
    // printf '2147483647:交换-😀' | sha256sum: non-ASCII ids hash as their UTF-8 bytes.
    expect(drawKey(MAX_SEED, "交换-😀")).toBe("8fd32f970811f415b9a5a7f16b15986d770b614dc44fffa93702eaf15cd62d00");
  });

  it("refuses seeds that would print differently in SQL", () => {
    expect(() => drawKey(-1, "a")).toThrow(/seed must be a whole number from 0 to 2147483647/);
    expect(() => drawKey(1.5, "a")).toThrow(RangeError);
    expect(() => drawKey(2 ** 31, "a")).toThrow(RangeError);
  });
});

describe("drawSample", () => {
  const frame = ids(500);

  it("repeats exactly for the same seed, whatever order the frame comes in", () => {
    const a = drawSample(frame, 25, 7);
    const b = drawSample([...frame].reverse(), 25, 7);
    expect(b).toEqual(a);
    expect(a.map((x) => x.rank)).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
    expect(a.every((x) => x.key === drawKey(7, x.externalId))).toBe(true);
    expect([...a.map((x) => x.key)].sort()).toEqual(a.map((x) => x.key));
  });

  it("draws differently for another seed", () => {
    const a = new Set(drawSample(frame, 25, 7).map((x) => x.externalId));
    const b = drawSample(frame, 25, 8).map((x) => x.externalId);
    expect(b.filter((id) => a.has(id)).length).toBeLessThan(10);
  });

  it("extends a smaller draw when K grows, so a draw can be topped up", () => {
    expect(drawSample(frame, 40, 11).slice(0, 10)).toEqual(drawSample(frame, 10, 11));
  });

  it("returns the whole frame, ranked, when K exceeds it", () => {
    const all = drawSample(ids(5), 50, 3);
    expect(all).toHaveLength(5);
    expect(new Set(all.map((x) => x.externalId))).toEqual(new Set(ids(5)));
    expect(drawSample([], 10, 3)).toEqual([]);
  });

  it("refuses a bad K and a frame with a repeated id", () => {
    expect(() => drawSample(frame, 0, 1)).toThrow(/k must be a whole number ≥ 1/);
    expect(() => drawSample(["a", "b", "a"], 1, 1)).toThrow(/'a' appears twice/);
  });

  it("picks each exchange about equally often across seeds (fixed seeds, so deterministic)", () => {
    // k = 1 from 10 exchanges over seeds 0–1,999: 9 degrees of freedom, 27.88 is the 0.1% point.
    const ten = ids(10);
    const first = new Array(10).fill(0);
    for (let seed = 0; seed < 2000; seed++) first[ten.indexOf(drawSample(ten, 1, seed)[0].externalId)]++;
    expect(chiSquare(first)).toBeLessThan(27.88);
    // k = 3 from 20 over seeds 5,000–6,999: every exchange included about 300 times.
    const twenty = ids(20, "acct-");
    const included = new Array(20).fill(0);
    for (let seed = 5000; seed < 7000; seed++) for (const x of drawSample(twenty, 3, seed)) included[twenty.indexOf(x.externalId)]++;
    expect(included.reduce((a, b) => a + b, 0)).toBe(6000);
    // Inclusion counts are not independent (each draw adds exactly 3), which only makes the statistic
    // smaller than a true chi-square with 19 df; 43.82 is that distribution's 0.1% point.
    expect(chiSquare(included)).toBeLessThan(43.82);
  });
});

describe("cycleKey", () => {
  it("is the first 8 bytes of SHA-256 of the UTF-8 text, as a signed 64-bit integer (from coreutils sha256sum)", () => {
    // printf 'ex_0000001' | sha256sum → 8cb07444d1915f61…: the top bit set, so negative.
    expect(cycleKey("ex_0000001")).toBe(-8309013473576001695n);
    // printf '交换-😀' | sha256sum → 6da7cc9f871fac74…
    expect(cycleKey("交换-😀")).toBe(7901509056783690868n);
    // A seed starts at the key of its decimal text: printf '7' | sha256sum → 7902699be42c8a8e…
    expect(cycleStart(7)).toBe(8719647946811673230n);
    expect(() => cycleStart(-1)).toThrow(RangeError);
  });
});

describe("drawCycle", () => {
  const frame = ids(500);

  it("takes the K keys that follow the seed's, ascending, whatever order the frame comes in", () => {
    const a = drawCycle(frame, 25, 7);
    expect(drawCycle([...frame].reverse(), 25, 7)).toEqual(a);
    expect(a.map((x) => x.rank)).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
    const start = cycleStart(7);
    const after = frame.map(cycleKey).filter((k) => k >= start).sort((x, y) => (x < y ? -1 : 1));
    // Seed 7 starts high on the circle: the keys after it run out and the draw goes on from the lowest.
    expect(after.length).toBeGreaterThan(0);
    expect(after.length).toBeLessThan(25);
    expect(a.slice(0, after.length).map((x) => x.key)).toEqual(after);
    const lowest = frame.map(cycleKey).sort((x, y) => (x < y ? -1 : 1)).slice(0, 25 - after.length);
    expect(a.slice(after.length).map((x) => x.key)).toEqual(lowest);
  });

  it("draws differently for another seed, and extends a smaller draw when K grows", () => {
    const a = new Set(drawCycle(frame, 25, 7).map((x) => x.externalId));
    expect(drawCycle(frame, 25, 8).filter((x) => a.has(x.externalId)).length).toBeLessThan(10);
    expect(drawCycle(frame, 40, 11).slice(0, 10)).toEqual(drawCycle(frame, 10, 11));
  });

  it("returns the whole frame when K exceeds it, and refuses a bad K or a repeated id", () => {
    expect(new Set(drawCycle(ids(5), 50, 3).map((x) => x.externalId))).toEqual(new Set(ids(5)));
    expect(drawCycle([], 10, 3)).toEqual([]);
    expect(() => drawCycle(frame, 0, 1)).toThrow(/k must be a whole number ≥ 1/);
    expect(() => drawCycle(["a", "b", "a"], 1, 1)).toThrow(/'a' appears twice/);
  });

  it("puts a frame in a uniformly random order: over many frames, each place is drawn equally often", () => {
    // What the method rests on: the ids' hashes order the frame at random. 2,000 frames of ten
    // exchanges (the same ten places, other ids), one seed, k = 1: which place is drawn is uniform
    // (9 df, 27.88 the 0.1% point). k = 3 of 20 places over 2,000 frames: inclusion counts
    // (43.82, the 0.1% point of 19 df; dependent counts only make the statistic smaller).
    const first = new Array(10).fill(0);
    for (let f = 0; f < 2000; f++) {
      const ten = ids(10, `f${f}-`);
      first[ten.indexOf(drawCycle(ten, 1, 7)[0].externalId)]++;
    }
    expect(chiSquare(first)).toBeLessThan(27.88);
    const included = new Array(20).fill(0);
    for (let f = 0; f < 2000; f++) {
      const twenty = ids(20, `acct-${f}-`);
      for (const x of drawCycle(twenty, 3, 5000)) included[twenty.indexOf(x.externalId)]++;
    }
    expect(included.reduce((a, b) => a + b, 0)).toBe(6000);
    expect(chiSquare(included)).toBeLessThan(43.82);
  });
});

describe("describeMethod", () => {
  it("says how to repeat a draw, in the words of the method it was made with", () => {
    expect(describeMethod(7, 412)).toBe(
      "Random draw without replacement (method sha256-cycle, seed 7): every exchange in the frame has a fixed place on a circle, the first 8 bytes of the SHA-256 of its exchange id (UTF-8) read as a signed 64-bit integer; the seed's place is that of the text '7'. The 412 exchanges that follow the seed's place, in ascending order and then from the lowest on, were taken. The places come from SHA-256, an order no one chose, so the 412 are a random sample of the frame. Anyone with the frame's exchange ids and the seed can repeat it.",
    );
    expect(describeMethod(7, 412, "sha256-rank")).toBe(
      "Uniform random draw without replacement (method sha256-rank, seed 7): every exchange in the frame was ranked by the SHA-256 of the UTF-8 text '7:' followed by its exchange id, as lowercase hex, ascending, and the lowest 412 were taken. Anyone with the frame's exchange ids can repeat it.",
    );
    expect(describeMethod(7, undefined, "sha256-rank")).toMatch(/the lowest K were taken/);
  });
});

describe("chooseSeed", () => {
  it("gives a valid seed", () => {
    for (let i = 0; i < 20; i++) {
      const s = chooseSeed();
      expect(Number.isInteger(s) && s >= 0 && s <= MAX_SEED).toBe(true);
    }
  });
});

describe("ZDrawInput", () => {
  const issues = (input: unknown) => Object.fromEntries((ZDrawInput.safeParse(input).error?.issues ?? []).map((i) => [i.path.join("."), i.message]));

  it("takes form strings and leaves the seed empty for a random one", () => {
    expect(ZDrawInput.parse({ k: "412", seed: "", from: "", to: "", model: "" })).toEqual({ k: 412, seed: undefined, from: undefined, to: undefined, model: undefined });
    expect(ZDrawInput.parse({ k: 10, seed: "7", model: " claude-x " })).toMatchObject({ k: 10, seed: 7, model: "claude-x" });
  });

  it("reads a day-only window as whole days: from its start to the end of the last day", () => {
    const r = ZDrawInput.parse({ k: 1, from: "2026-04-22", to: "2026-05-01" });
    expect(r.from).toBe("2026-04-22T00:00:00.000Z");
    expect(r.to).toBe("2026-05-02T00:00:00.000Z");
    expect(ZDrawInput.parse({ k: 1, to: "2026-05-01T12:00:00Z" }).to).toBe("2026-05-01T12:00:00.000Z");
  });

  it("explains every refusal", () => {
    expect(issues({ k: 0 }).k).toBe("Draw at least 1 exchange.");
    expect(issues({ k: 10_001 }).k).toBe("Draw at most 10,000 exchanges at a time.");
    expect(issues({ k: 2.5 }).k).toBe("Draw a whole number of exchanges.");
    expect(issues({ k: "many" }).k).toBe("Say how many exchanges to draw.");
    expect(issues({ k: 1, seed: -3 }).seed).toBe("The seed cannot be negative.");
    expect(issues({ k: 1, seed: 2 ** 31 }).seed).toBe("The seed must be at most 2,147,483,647; leave it empty for a random one.");
    expect(issues({ k: 1, seed: "x" }).seed).toBe("The seed must be a whole number.");
    expect(issues({ k: 1, from: "yesterday" }).from).toBe("The start 'yesterday' is not a date (use YYYY-MM-DD).");
    expect(issues({ k: 1, from: "2026-05-01", to: "2026-04-22" }).to).toBe("The end of the window must be after its start.");
  });
});

describe("the frame", () => {
  it("keeps only the filters that were set, and says them in words", () => {
    const input = ZDrawInput.parse({ k: 5, from: "2026-04-22", to: "2026-05-01", model: "m-1" });
    expect(frameOf(input)).toEqual({ from: "2026-04-22T00:00:00.000Z", to: "2026-05-02T00:00:00.000Z", model: "m-1" });
    expect(frameOf(ZDrawInput.parse({ k: 5 }))).toEqual({});
    expect(describeFrame(frameOf(input))).toBe("exchanges of the case from 2026-04-22T00:00:00.000Z (inclusive) to 2026-05-02T00:00:00.000Z (exclusive) with model 'm-1'");
    expect(describeFrame({})).toBe("exchanges of the case");
    expect(describeFrame({ to: "2026-05-02T00:00:00.000Z" })).toBe("exchanges of the case before 2026-05-02T00:00:00.000Z");
  });
});
