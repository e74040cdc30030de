import { describe, expect, it } from "vitest";
import { can, type TActor, type TCaseFacts } from "./authz";
import { availableTransitions } from "./cases/workflow";

const analyst: TActor = { id: "a1", role: "analyst", disabled: false };
const otherAnalyst: TActor = { id: "a2", role: "analyst", disabled: false };
const reviewer: TActor = { id: "r1", role: "reviewer", disabled: false };
const admin: TActor = { id: "ad", role: "admin", disabled: false };
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
});
