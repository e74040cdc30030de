import { describe, expect, it } from "vitest";
import { checkAuditData, describeEvent } from "./events";

const names = new Map([
  ["u1", "Ana Lyst"],
  ["u2", "Rita Reviewer"],
]);

describe("audit events", () => {
  it("refuses data whose shape does not match its event", () => {
    expect(() => checkAuditData("case.update", { changes: { title: { from: "a", to: "b" } } })).not.toThrow();
    expect(() => checkAuditData("case.update", { title: "b" })).toThrow(/audit event case\.update: data does not match lib\/audit\/events\.ts: changes: /);
    expect(() => checkAuditData("import.started", { attempt: "one" })).toThrow(/attempt/);
  });

  it("reads an event in words, with people's names", () => {
    expect(describeEvent({ action: "case.team", data: { lead: { from: "u1", to: "u2" }, added: [{ userId: "u2", role: "reviewer" }], removed: ["u9"], changed: [] } }, names)).toEqual({
      label: "Changed the team",
      details: ["Lead: Ana Lyst → Rita Reviewer", "Added Rita Reviewer as reviewer", "Removed u9"],
    });
    expect(describeEvent({ action: "case.update", data: { changes: { windowStart: { from: null, to: "2026-04-22T00:00:00.000Z" } } } }, names).details).toEqual(["Window start: (empty) → '2026-04-22'"]);
    expect(describeEvent({ action: "case.approve", data: { from: "in_review", to: "approved" } }, names)).toEqual({ label: "Approved the case", details: ["Status: in review → approved"] });
    expect(describeEvent({ action: "import.released", data: { attempt: 1, worker: "vm:12" } }, names)).toEqual({
      label: "Import handed back by a stopping worker; queued again",
      details: ["Attempt: 1", "Worker: vm:12"],
    });
  });

  it("still shows the plain facts of an event written in an older shape, or of an unknown one", () => {
    expect(describeEvent({ action: "user.create", data: { email: "a@x", role: "admin" } }, names)).toEqual({ label: "Created a user", details: ["Email: a@x", "Role: admin"] });
    expect(describeEvent({ action: "some.future", data: { n: 3, nested: { x: 1 } } }, names)).toEqual({ label: "some.future", details: ["n: 3"] });
  });

  it("keeps attacker-written text as plain, clipped text", () => {
    const body = `<img src=x onerror=alert(1)>${"x".repeat(500)}`;
    const [line] = describeEvent({ action: "comment.create", data: { body } }, names).details;
    expect(line.startsWith("“<img src=x onerror=alert(1)>")).toBe(true);
    expect(line.length).toBeLessThan(260);
  });

  it("says which stored file failed its SHA-256 check, where, and what relies on it; whole in a package", () => {
    const [a, b] = ["a".repeat(64), "b".repeat(64)];
    const data = { key: a, expected: a, actual: b, location: "s3://evidence/casebook/", why: "import", evidenceItems: ["e1"], exports: [], imports: ["i1", "i2"] };
    expect(describeEvent({ action: "storage.integrity_failed", data }, names)).toEqual({
      label: "A stored evidence file failed its SHA-256 check",
      details: [
        `File ${"a".repeat(16)}… in s3://evidence/casebook/, read for import`,
        `Expected SHA-256 ${"a".repeat(16)}…; read back ${"b".repeat(16)}…: the stored copy was altered or damaged`,
        "Used by 1 evidence item(s), 0 package(s), 2 import(s)",
      ],
    });
    expect(describeEvent({ action: "storage.integrity_failed", data }, names, { whole: true }).details[1]).toBe(`Expected SHA-256 ${a}; read back ${b}: the stored copy was altered or damaged`);
  });
});
