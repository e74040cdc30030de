// Mass assignment: a write carrying fields it does not take (role, caseId of another case,
// approvedBy, status, createdBy, id) is refused (400) or the field is ignored; the stored row says
// which. The schemas are zod objects without .strict(), so unknown keys are stripped: each test
// checks the database, not just the answer.
import { describe, expect, it } from "vitest";
import { POST as postCase } from "../app/api/v1/cases/route";
import { POST as postDraw } from "../app/api/v1/cases/[caseId]/draws/route";
import { POST as postExport } from "../app/api/v1/cases/[caseId]/exports/route";
import { runAction } from "../lib/action";
import { addCommentAction, updateCaseAction } from "../lib/cases/mutations";
import { db } from "../lib/db";
import { saveFindingAction } from "../lib/findings/mutations";
import { createTokenAction } from "../lib/tokens/mutations";
import { makeCase, makeToken, makeUser } from "./fixtures";
import { caseWithToken, drain, upload } from "./import-client";

/** Each field where it does not belong, with a value that would matter if it were taken. */
const FORGED = async () => {
  const other = await makeUser("admin", "other");
  const otherCase = await makeCase(await makeUser("analyst", "other-lead"));
  return {
    role: "admin",
    caseId: otherCase.id,
    approvedBy: other.id,
    approvedById: other.id,
    status: "approved",
    createdBy: other.id,
    createdById: other.id,
    id: "forged-id-000000000000",
  } as Record<string, string>;
};
const FIELDS = ["role", "caseId", "approvedBy", "approvedById", "status", "createdBy", "createdById", "id"];

const post = <P extends Record<string, string>>(handler: (r: Request, c: { params: Promise<P> }) => Promise<Response>, url: string, token: string, body: unknown, params: P = {} as P) =>
  handler(new Request(`http://localhost${url}`, { method: "POST", headers: { authorization: `Bearer ${token}`, "content-type": "application/json" }, body: JSON.stringify(body) }), { params: Promise.resolve(params) });

describe("mass assignment", () => {
  it.each(FIELDS)("POST /api/v1/cases ignores %s", async (field) => {
    const { analyst, token } = await caseWithToken();
    const forged = await FORGED();
    const res = await post(postCase, "/api/v1/cases", token, { title: "Forged fields", severity: "high", [field]: forged[field] });
    expect(res.status).toBe(201);
    const made = (await res.json()) as { id: string };
    const row = await db().case.findUniqueOrThrow({ where: { id: made.id } });
    expect(row).toMatchObject({ status: "open", createdById: analyst.id, leadId: analyst.id, submittedById: null });
    expect(row.id).not.toBe(forged.id);
    expect(await db().user.findUniqueOrThrow({ where: { id: analyst.id } })).toMatchObject({ role: "analyst" });
  });

  it.each(FIELDS)("POST /api/v1/cases/{id}/exports ignores %s", async (field) => {
    const { analyst, c, token } = await caseWithToken();
    expect(await runAction(saveFindingAction, analyst, { caseId: c.id, section: "summary", body: "Text.", version: 0 })).toMatchObject({ ok: true });
    const forged = await FORGED();
    const res = await post(postExport, `/api/v1/cases/${c.id}/exports`, token, { profile: "congressional", [field]: forged[field] }, { caseId: c.id });
    expect(res.status).toBe(202);
    const { id } = (await res.json()) as { id: string };
    expect(id).not.toBe(forged.id);
    expect(await db().exportPackage.findUniqueOrThrow({ where: { id } })).toMatchObject({ caseId: c.id, status: "requested", requestedById: analyst.id, approvedById: null });
    expect(await db().exportPackage.count({ where: { caseId: forged.caseId } })).toBe(0);
  });

  it.each(FIELDS)("POST /api/v1/cases/{id}/draws ignores %s (the case is the path's)", async (field) => {
    const { analyst, c, token } = await caseWithToken();
    await upload(c.id, token, "accounts", "account_id,created_at\nacct_1,2026-04-01T00:00:00Z\n", "a.csv");
    await drain();
    await upload(c.id, token, "exchanges", JSON.stringify({ exchange_id: "e1", account_id: "acct_1", timestamp: "2026-04-10T00:00:00Z", model: "m", prompt: "p", response: "r" }) + "\n", "e.jsonl");
    await drain();
    const forged = await FORGED();
    const res = await post(postDraw, `/api/v1/cases/${c.id}/draws`, token, { k: 1, [field]: forged[field] }, { caseId: c.id });
    expect(res.status).toBe(201);
    const { id } = (await res.json()) as { id: string };
    expect(id).not.toBe(forged.id);
    expect(await db().sampleDraw.findUniqueOrThrow({ where: { id } })).toMatchObject({ caseId: c.id, createdById: analyst.id });
    expect(await db().sampleDraw.count({ where: { caseId: forged.caseId } })).toBe(0);
  });

  it.each(FIELDS.filter((f) => f !== "caseId"))("updating a case ignores %s", async (field) => {
    const analyst = await makeUser("analyst");
    const c = await makeCase(analyst);
    const forged = await FORGED();
    const r = await runAction(updateCaseAction, analyst, { caseId: c.id, version: (await db().case.findUniqueOrThrow({ where: { id: c.id } })).version, title: "Edited title", severity: "low", [field]: forged[field] });
    expect(r.ok).toBe(true);
    expect(await db().case.findUniqueOrThrow({ where: { id: c.id } })).toMatchObject({ title: "Edited title", status: "open", createdById: analyst.id, submittedById: null });
    expect(await db().case.findUnique({ where: { id: forged.id } })).toBeNull();
  });

  it.each(FIELDS.filter((f) => f !== "caseId"))("a comment ignores %s (the author is the actor)", async (field) => {
    const analyst = await makeUser("analyst");
    const c = await makeCase(analyst);
    const forged = await FORGED();
    const r = await runAction(addCommentAction, analyst, { caseId: c.id, body: "Hello", [field]: forged[field] });
    expect(r.ok).toBe(true);
    const rows = await db().comment.findMany({ where: { caseId: c.id } });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ authorId: analyst.id });
    expect(rows[0].id).not.toBe(forged.id);
  });

  it("a comment naming another case's id in caseId is refused as not found (that case is the one written to, and it is hidden)", async () => {
    const analyst = await makeUser("analyst");
    const forged = await FORGED();
    const r = await runAction(addCommentAction, analyst, { caseId: forged.caseId, body: "Hello" });
    expect(r).toMatchObject({ ok: false, error: { code: "not_found" } });
    expect(await db().comment.count({ where: { caseId: forged.caseId } })).toBe(0);
  });

  it.each(FIELDS)("a new API token ignores %s (no role, owner or id from the body)", async (field) => {
    const analyst = await makeUser("analyst");
    await makeToken(analyst.email);
    const forged = await FORGED();
    const r = await runAction(createTokenAction, analyst, { name: "mine", expiresInDays: 1, [field]: forged[field] });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.data.id).not.toBe(forged.id);
    expect(await db().apiToken.findUniqueOrThrow({ where: { id: r.data.id } })).toMatchObject({ userId: analyst.id, revokedAt: null });
    expect(await db().user.findUniqueOrThrow({ where: { id: analyst.id } })).toMatchObject({ role: "analyst" });
  });
});
