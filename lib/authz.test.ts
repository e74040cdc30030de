import { describe, expect, it } from "vitest";
import { can, type TCaseFacts, type TPerson } from "./authz";
import { availableTransitions } from "./cases/workflow";

const person = (id: string, role: TPerson["role"]): TPerson => ({ id, role, disabled: false, email: `${id}@test.local`, name: id });
const analyst = person("a1", "analyst");
const otherAnalyst = person("a2", "analyst");
const reviewer = person("r1", "reviewer");
const admin = person("ad", "admin");
const facts = (over: Partial<TCaseFacts> = {}): TCaseFacts => ({ membership: "analyst", leadId: "a1", submittedById: null, status: "open", ...over });

describe("authz", () => {
  it("lets case analysts edit an open case, and nobody else", () => {
    expect(can(analyst, "case.edit", facts()).ok).toBe(true);
    expect(can(reviewer, "case.edit", facts({ membership: "reviewer" })).ok).toBe(false);
    expect(can(analyst, "case.edit", facts({ membership: "observer" })).ok).toBe(false);
    expect(can(admin, "case.edit", facts({ membership: null })).ok).toBe(false);
    expect(can(analyst, "case.edit", facts({ status: "in_review" })).ok).toBe(false);
  });

  it("hides a case from non-members (not forbidden: not found)", () => {
    const d = can(otherAnalyst, "case.view", facts({ membership: null }));
    expect(d).toMatchObject({ ok: false, hidden: true });
    expect(can(admin, "case.view", facts({ membership: null })).ok).toBe(true);
  });

  it("never lets anyone approve their own submission", () => {
    const f = facts({ membership: "reviewer", status: "in_review", submittedById: "r1" });
    expect(can(reviewer, "case.approve", f).ok).toBe(false);
    expect(can(reviewer, "case.approve", { ...f, submittedById: "a1" }).ok).toBe(true);
    expect(can(analyst, "case.approve", facts({ status: "in_review", submittedById: "a2" })).ok).toBe(false);
  });

  it("refuses everything to a disabled user", () => {
    expect(can({ ...analyst, disabled: true }, "case.view", facts()).ok).toBe(false);
    expect(can({ ...admin, disabled: true }, "user.manage").ok).toBe(false);
  });

  it("offers the workflow steps each role may take", () => {
    expect(availableTransitions(analyst, facts())).toEqual(["submit", "close"]);
    expect(availableTransitions(reviewer, facts({ membership: "reviewer", status: "in_review", submittedById: "a1" }))).toEqual(["approve", "request_changes"]);
    expect(availableTransitions(reviewer, facts({ membership: "reviewer", status: "approved" }))).toEqual(["refer"]);
    expect(availableTransitions(admin, facts({ membership: null, status: "closed" }))).toEqual(["reopen"]);
    expect(availableTransitions(otherAnalyst, facts({ membership: "analyst", status: "open" }))).toEqual(["submit"]);
  });

  it("lets only the lead and admins manage members", () => {
    expect(can(analyst, "case.manageMembers", facts()).ok).toBe(true);
    expect(can(otherAnalyst, "case.manageMembers", facts()).ok).toBe(false);
    expect(can(admin, "case.manageMembers", facts({ membership: null })).ok).toBe(true);
    expect(can(reviewer, "case.manageMembers", facts({ membership: "reviewer" })).ok).toBe(false);
  });

  it("lets analysts and admins open cases, and reviewers never", () => {
    expect(can(analyst, "case.create").ok).toBe(true);
    expect(can(admin, "case.create").ok).toBe(true);
    expect(can(reviewer, "case.create")).toEqual({ ok: false, reason: "Only analysts and admins open cases." });
  });

  it("lets analysts on the case request exports and its reviewers review them", () => {
    expect(can(analyst, "export.request", facts({ status: "approved" })).ok).toBe(true);
    expect(can(analyst, "export.request", facts({ status: "closed" }))).toEqual({ ok: false, reason: "The case is closed." });
    expect(can(reviewer, "export.request", facts({ membership: "reviewer" })).ok).toBe(false);
    expect(can(reviewer, "export.review", facts({ membership: "reviewer" })).ok).toBe(true);
    expect(can(analyst, "export.review", facts()).ok).toBe(false);
    expect(can(admin, "export.review", facts({ membership: null })).ok).toBe(false);
  });

  it("lets only analysts on an open case import into it", () => {
    expect(can(analyst, "case.import", facts()).ok).toBe(true);
    expect(can(analyst, "case.import", facts({ status: "in_review" }))).toEqual({ ok: false, reason: "The case is in review; data can be imported only while it is open." });
    expect(can(reviewer, "case.import", facts({ membership: "reviewer" })).ok).toBe(false);
    expect(can(analyst, "case.import", facts({ membership: "observer" })).ok).toBe(false);
    expect(can(admin, "case.import", facts({ membership: null })).ok).toBe(false);
  });

  it("lets every member and admins comment, in any state", () => {
    for (const membership of ["analyst", "reviewer", "observer"] as const) expect(can(analyst, "case.comment", facts({ membership, status: "closed" })).ok).toBe(true);
    expect(can(admin, "case.comment", facts({ membership: null })).ok).toBe(true);
    expect(can(otherAnalyst, "case.comment", facts({ membership: null }))).toMatchObject({ ok: false, hidden: true });
  });

  it("gives system actors their own grants, and makes the CLI and the seed act as the person they name", () => {
    expect(can({ system: "worker" }, "job.run").ok).toBe(true);
    expect(can({ system: "worker" }, "user.manage").ok).toBe(false);
    expect(can({ system: "worker", onBehalfOf: admin }, "user.manage").ok).toBe(false); // working for someone is not being them
    expect(can({ system: "cli" }, "user.manage").ok).toBe(true);
    expect(can({ system: "cli" }, "case.import", facts()).ok).toBe(false);
    expect(can({ system: "cli", onBehalfOf: analyst }, "case.import", facts()).ok).toBe(true);
    expect(can({ system: "cli", onBehalfOf: reviewer }, "case.import", facts({ membership: "reviewer" })).ok).toBe(false);
    expect(can({ system: "seed", onBehalfOf: { ...analyst, disabled: true } }, "case.edit", facts()).ok).toBe(false);
    expect(can({ system: "auth" }, "auth.record").ok).toBe(true);
    expect(can({ system: "storage" }, "storage.report").ok).toBe(true); // the read check records a damaged file
    expect(can({ system: "storage" }, "job.run").ok).toBe(false);
    expect(can(admin, "storage.report").ok).toBe(false);
    expect(can(admin, "job.run").ok).toBe(false);
  });
});
