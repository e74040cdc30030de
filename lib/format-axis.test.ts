import { describe, expect, it } from "vitest";
import { formatAxisValue } from "./format";

describe("formatAxisValue", () => {
  it("keeps small ticks whole and shortens a campaign's large ones so they fit the axis", () => {
    expect(formatAxisValue(0)).toBe("0");
    expect(formatAxisValue(6500)).toBe("6,500");
    expect(formatAxisValue(26_000)).toBe("26K");
    expect(formatAxisValue(800_000)).toBe("800K");
    expect(formatAxisValue(40_000_000)).toBe("40M");
    expect(formatAxisValue(1_250_000_000)).toBe("1.3B");
    expect(formatAxisValue("2026-05-01")).toBe("2026-05-01");
  });
});
