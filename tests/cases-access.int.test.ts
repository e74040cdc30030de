// Server-side authorization on cases: by list, by URL (getCase) and by server action.
import { describe, expect, it } from "vitest";
import { runAction } from "../lib/action";
import { addCommentAction, setCaseTeamAction, transitionCaseAction, updateCaseAction } from "../lib/cases/mutations";
import { getCase, listCaseActivity, listCases } from "../lib/cases/queries";
import { ZCaseListParams } from "../lib/cases/schema";
import { db } from "../lib/db";
import { makeCase, makeUser } from "./fixtures";

const allParams = ZCaseListParams.parse({ size: 100 });

describe("case access", () => {
  it("hides a case from an analyst who is not a member: list, URL and action", async () => {
    const lead = await makeUser("analyst");
    const outsider = await makeUser("analyst");
    const c = await makeCase(lead);

    const listed = await listCases(outsider, { ...allParams, q: c.ref });
    expect(listed.rows.map((r) => r.id)).not.toContain(c.id);
    expect((await listCases(lead, { ...allParams, q: c.ref })).rows.map((r) => r.id)).toContain(c.id);

    expect(await getCase(outsider, c.id)).toBeNull();
    expect(await listCaseActivity(outsider, c.id)).toBeNull();

    const r = await runAction(updateCaseAction, outsider, { caseId: c.id, version: 1, title: "Hijacked", severity: "low" });
    expect(r).toMatchObject({ ok: false, error: { code: "not_found" } });
    const comment = await runAction(addCommentAction, outsider, { caseId: c.id, body: "hello" });
    expect(comment).toMatchObject({ ok: false, error: { code: "not_found" } });
    expect((await db().case.findUniqueOrThrow({ where: { id: c.id } })).title).not.toBe("Hijacked");
  });

  it("lets admins see every case", async () => {
    const lead = await makeUser("analyst");
    const admin = await makeUser("admin");
    const c = await makeCase(lead);
    expect((await getCase(admin, c.id))?.ref).toBe(c.ref);
  });

  it("refuses a reviewer who tries to edit a case they review", async () => {
    const lead = await makeUser("analyst");
    const reviewer = await makeUser("reviewer");
    const c = await makeCase(lead, { members: [{ userId: reviewer.id, role: "reviewer" }] });
    const r = await runAction(updateCaseAction, reviewer, { caseId: c.id, version: 1, title: "Reviewer rewrite", severity: "low" });
    expect(r).toMatchObject({ ok: false, error: { code: "forbidden" } });
    const team = await runAction(setCaseTeamAction, reviewer, { caseId: c.id, leadId: lead.id, members: [] });
    expect(team).toMatchObject({ ok: false, error: { code: "forbidden" } });
    expect((await db().case.findUniqueOrThrow({ where: { id: c.id } })).title).not.toBe("Reviewer rewrite");
  });

  it("runs the workflow with the four-eyes rule", async () => {
    const lead = await makeUser("analyst");
    const reviewer = await makeUser("reviewer");
    const c = await makeCase(lead, { members: [{ userId: reviewer.id, role: "reviewer" }] });

    expect(await runAction(transitionCaseAction, reviewer, { caseId: c.id, transition: "approve" })).toMatchObject({ ok: false, error: { code: "forbidden" } });
    expect(await runAction(transitionCaseAction, lead, { caseId: c.id, transition: "submit" })).toMatchObject({ ok: true, data: { status: "in_review" } });
    expect(await runAction(transitionCaseAction, lead, { caseId: c.id, transition: "approve" })).toMatchObject({ ok: false });
    const back = await runAction(transitionCaseAction, reviewer, { caseId: c.id, transition: "request_changes", comment: "Cite the payment evidence." });
    expect(back).toMatchObject({ ok: true, data: { status: "open" } });
    expect(await runAction(transitionCaseAction, lead, { caseId: c.id, transition: "submit" })).toMatchObject({ ok: true });
    expect(await runAction(transitionCaseAction, reviewer, { caseId: c.id, transition: "approve" })).toMatchObject({ ok: true, data: { status: "approved" } });
    expect(await runAction(transitionCaseAction, lead, { caseId: c.id, transition: "refer" })).toMatchObject({ ok: true, data: { status: "referred" } });
    expect(await runAction(transitionCaseAction, lead, { caseId: c.id, transition: "close" })).toMatchObject({ ok: true, data: { status: "closed" } });

    const activity = await listCaseActivity(lead, c.id);
    expect(activity!.events.map((e) => e.action)).toEqual(["case.close", "case.refer", "case.approve", "case.submit", "case.request_changes", "case.submit", "case.create"]);
  });

  it("refuses a stale edit with a conflict, keeping the newer text", async () => {
    const lead = await makeUser("analyst");
    const c = await makeCase(lead);
    expect(await runAction(updateCaseAction, lead, { caseId: c.id, version: 1, title: "First edit", severity: "high" })).toMatchObject({ ok: true });
    expect(await runAction(updateCaseAction, lead, { caseId: c.id, version: 1, title: "Stale edit", severity: "high" })).toMatchObject({ ok: false, error: { code: "conflict" } });
    expect((await db().case.findUniqueOrThrow({ where: { id: c.id } })).title).toBe("First edit");
  });

  it("checks the team: the lead must be an analyst and roles must fit", async () => {
    const lead = await makeUser("analyst");
    const reviewer = await makeUser("reviewer");
    const c = await makeCase(lead);
    const r = await runAction(setCaseTeamAction, lead, { caseId: c.id, leadId: reviewer.id, members: [{ userId: reviewer.id, role: "analyst" }] });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.details.map((d) => d.field)).toEqual(["leadId", "members.0.role"]);
  });
});
