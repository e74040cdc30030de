// Two people editing the same record at once: the second gets a conflict that names the first and
// shows what the record holds now; nothing is overwritten silently. Cluster names, users (admin),
// tag notes and findings sections, against the real database.
import { describe, expect, it } from "vitest";
import { runAction } from "../lib/action";
import { setCaseTeamAction } from "../lib/cases/mutations";
import { renameClusterAction } from "../lib/clusters/mutations";
import { db } from "../lib/db";
import { saveFindingAction } from "../lib/findings/mutations";
import { tagSampleAction } from "../lib/samples/mutations";
import { updateUserAction } from "../lib/users/mutations";
import { makeCase, makeUser } from "./fixtures";

async function twoAnalystsOnACase() {
  const ana = await makeUser("analyst", "ana");
  const sam = await makeUser("analyst", "sam");
  const c = await makeCase(ana);
  expect((await runAction(setCaseTeamAction, ana, { caseId: c.id, leadId: ana.id, members: [{ userId: sam.id, role: "analyst" }] })).ok).toBe(true);
  return { ana, sam, c };
}

describe("optimistic concurrency", () => {
  it("refuses a second rename of a cluster made from a stale page, naming who renamed it and to what", async () => {
    const { ana, sam, c } = await twoAnalystsOnACase();
    const k = await db().cluster.create({ data: { caseId: c.id, name: "Card ring", origin: "analyst", status: "proposed" } });
    const seen = k.updatedAt.toISOString(); // both loaded the page now
    expect(await runAction(renameClusterAction, ana, { clusterId: k.id, name: "Card ring (Ana)", seen })).toMatchObject({ ok: true });
    const second = await runAction(renameClusterAction, sam, { clusterId: k.id, name: "Card ring (Sam)", seen });
    expect(second).toMatchObject({ ok: false, error: { code: "conflict" } });
    if (second.ok) return;
    expect(second.error.message).toContain(ana.name);
    expect(second.error.message).toContain("Card ring (Ana)");
    expect((await db().cluster.findUniqueOrThrow({ where: { id: k.id } })).name).toBe("Card ring (Ana)");
  });

  it("refuses an admin's edit of a user another admin changed since", async () => {
    const a1 = await makeUser("admin", "first-admin");
    const a2 = await makeUser("admin", "second-admin");
    const target = await makeUser("analyst", "target");
    const seen = (await db().user.findUniqueOrThrow({ where: { id: target.id } })).updatedAt.toISOString();
    expect(await runAction(updateUserAction, a1, { userId: target.id, name: "Renamed by one", role: "reviewer", seen })).toMatchObject({ ok: true });
    const second = await runAction(updateUserAction, a2, { userId: target.id, name: "Renamed by two", role: "analyst", seen });
    expect(second).toMatchObject({ ok: false, error: { code: "conflict", message: expect.stringContaining("Renamed by one") } });
    expect(await db().user.findUniqueOrThrow({ where: { id: target.id } })).toMatchObject({ name: "Renamed by one", role: "reviewer" });
  });

  it("refuses a tag note written over a note someone changed since, and a findings save over a newer one", async () => {
    const { ana, sam, c } = await twoAnalystsOnACase();
    const acct = await db().account.create({ data: { caseId: c.id, externalId: "acct_x", accountCreatedAt: new Date("2026-04-01T00:00:00Z") } });
    const e = await db().exchange.create({ data: { caseId: c.id, accountId: acct.id, externalId: "ex_x", ts: new Date("2026-04-02T00:00:00Z"), model: "m", prompt: "p", response: "r", isSample: true } });
    const cap = await db().capability.findFirstOrThrow({ orderBy: { sortOrder: "asc" } });
    expect(await runAction(tagSampleAction, ana, { exchangeId: String(e.id), capabilityId: cap.id, note: "first" })).toMatchObject({ ok: true });
    const seen = (await db().annotation.findFirstOrThrow({ where: { exchangeId: e.id } })).updatedAt.toISOString();
    expect(await runAction(tagSampleAction, ana, { exchangeId: String(e.id), capabilityId: cap.id, note: "Ana's note", seen })).toMatchObject({ ok: true });
    const second = await runAction(tagSampleAction, sam, { exchangeId: String(e.id), capabilityId: cap.id, note: "Sam's note", seen });
    expect(second).toMatchObject({ ok: false, error: { code: "conflict", message: expect.stringContaining("Ana's note") } });
    expect((await db().annotation.findFirstOrThrow({ where: { exchangeId: e.id } })).note).toBe("Ana's note");

    expect(await runAction(saveFindingAction, ana, { caseId: c.id, section: "scale", body: "Ana's scale", version: 0 })).toMatchObject({ ok: true });
    const stale = await runAction(saveFindingAction, sam, { caseId: c.id, section: "scale", body: "Sam's scale", version: 0 });
    expect(stale).toMatchObject({ ok: false, error: { code: "conflict", message: expect.stringContaining(ana.name), details: [{ field: "body", message: "Ana's scale" }] } });
  });
});
