import { describe, expect, it } from "vitest";
import { ZCaseListParams, ZCreateCaseInput, ZTransitionInput } from "./schema";

describe("case schemas", () => {
  it("explains what is wrong, field by field", () => {
    const r = ZCreateCaseInput.safeParse({ title: "x", severity: "urgent", windowStart: "2026-06-05", windowEnd: "2026-04-22", leadId: "" });
    expect(r.success).toBe(false);
    const byField = Object.fromEntries(r.error!.issues.map((i) => [i.path.join("."), i.message]));
    expect(byField.title).toMatch(/at least 3/);
    expect(byField.severity).toMatch(/low, medium, high or critical/);
    expect(byField.leadId).toMatch(/lead/);
  });

  it("rejects a window that ends before it starts, and a date that is not a date", () => {
    const r = ZCreateCaseInput.safeParse({ title: "Campaign", windowStart: "2026-06-05", windowEnd: "2026-04-22", leadId: "u" });
    expect(r.error?.issues.find((i) => i.path.join(".") === "windowEnd")?.message).toMatch(/end on or after/);
    const bad = ZCreateCaseInput.safeParse({ title: "Campaign", windowStart: "yesterday", leadId: "u" });
    expect(bad.error?.issues[0].message).toMatch(/'yesterday' is not a date/);
  });

  it("parses dates from the form and the API alike", () => {
    const r = ZCreateCaseInput.parse({ title: "Campaign", windowStart: "2026-04-22", windowEnd: "2026-06-05T12:00:00Z", leadId: "u" });
    expect(r.windowStart?.toISOString()).toBe("2026-04-22T00:00:00.000Z");
    expect(r.suspectedActor).toBeNull();
  });

  it("requires a comment to request changes", () => {
    expect(ZTransitionInput.safeParse({ caseId: "c", transition: "request_changes" }).success).toBe(false);
    expect(ZTransitionInput.safeParse({ caseId: "c", transition: "request_changes", comment: "Cite exhibits" }).success).toBe(true);
  });

  it("falls back to sane table state for junk in the URL", () => {
    expect(ZCaseListParams.parse({ page: "-3", size: "7", sort: "drop table", dir: "sideways", status: "nope" })).toEqual({ page: 1, size: 25, sort: "updatedAt", dir: "desc" });
  });
});
