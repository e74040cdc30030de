// Many writers at once (actions, two imports, an export approved and built, checkpoints written
// meanwhile) append to one audit chain: no fork, no gap, every checkpoint signed and on the chain.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runAction } from "../lib/action";
import { readCheckpoints, writeCheckpoint } from "../lib/audit/checkpoints";
import { verifyAuditLog } from "../lib/audit/verify";
import { addCommentAction, setCaseTeamAction, updateCaseAction } from "../lib/cases/mutations";
import { db } from "../lib/db";
import { approveExportAction, requestExportAction } from "../lib/exports/mutations";
import { saveFindingAction } from "../lib/findings/mutations";
import { drainJobs } from "../lib/jobs/runner";
import { makeCase, makeUser } from "./fixtures";
import { caseWithToken, upload } from "./import-client";

const ACCOUNTS = readFileSync(path.resolve(import.meta.dirname, "../e2e/fixtures/accounts.sample.csv"));

describe("audit chain under concurrent writers", () => {
  it("stays one chain through parallel actions, imports, an export build and checkpoints", async () => {
    // An export waiting for approval, two cases to import into, cases to edit and comment on.
    const { analyst, c: exportCase } = await caseWithToken();
    const reviewer = await makeUser("reviewer");
    expect((await runAction(setCaseTeamAction, analyst, { caseId: exportCase.id, leadId: analyst.id, members: [{ userId: reviewer.id, role: "reviewer" }] })).ok).toBe(true);
    expect((await runAction(saveFindingAction, analyst, { caseId: exportCase.id, section: "summary", body: "Accounts were linked by shared payment fingerprints.", version: 0 })).ok).toBe(true);
    const req = await runAction(requestExportAction, analyst, { caseId: exportCase.id, profile: "legal_referral" });
    if (!req.ok) throw new Error(JSON.stringify(req.error));
    const imports = [await caseWithToken(), await caseWithToken()];
    const lead = await makeUser("analyst");
    const cases = await Promise.all(Array.from({ length: 10 }, () => makeCase(lead)));
    const before = (await db().auditEvent.aggregate({ _max: { seq: true } }))._max.seq ?? 0n;
    const linesBefore = (await readCheckpoints()).checkpoints.length;

    const results = await Promise.all([
      ...cases.map((c, i) => runAction(updateCaseAction, lead, { caseId: c.id, version: 1, title: `Renamed ${i}`, severity: "critical" })),
      ...cases.map((c, i) => runAction(addCommentAction, lead, { caseId: c.id, body: `comment ${i}` })),
      ...imports.map(async ({ c, token }, i) => {
        const r = await upload(c.id, token, "accounts", ACCOUNTS, "accounts.csv");
        expect(r.status).toBe(202);
        return { ok: true as const, data: await drainJobs(`concurrency-import-${i}`) };
      }),
      (async () => {
        const ok = await runAction(approveExportAction, reviewer, { exportId: req.data.id });
        if (!ok.ok) return ok;
        return { ok: true as const, data: await drainJobs("concurrency-export") };
      })(),
      ...Array.from({ length: 3 }, async () => ({ ok: true as const, data: await writeCheckpoint("test") })),
    ]);
    for (const r of results) expect(r.ok, JSON.stringify(r)).toBe(true);
    expect(await db().exportPackage.findUniqueOrThrow({ where: { id: req.data.id } })).toMatchObject({ status: "built" });
    for (const { c } of imports) expect(await db().importJob.findFirstOrThrow({ where: { caseId: c.id } })).toMatchObject({ status: "succeeded" });

    // Contiguous and unforked: every new seq once, every event the successor of exactly one.
    const rows = await db().auditEvent.findMany({ where: { seq: { gt: before } }, orderBy: { seq: "asc" }, select: { seq: true, prevHash: true, hash: true, action: true } });
    expect(rows.map((r) => r.seq)).toEqual(rows.map((_, i) => before + BigInt(i + 1)));
    expect(new Set(rows.map((r) => r.prevHash)).size).toBe(rows.length);
    rows.slice(1).forEach((r, i) => expect(r.prevHash).toBe(rows[i].hash));
    const actions = rows.map((r) => r.action);
    for (const a of ["case.update", "comment.create", "export.approve", "export.built"]) expect(actions).toContain(a);
    expect(actions.filter((a) => a.startsWith("import.")).length).toBeGreaterThanOrEqual(4);

    // The approval and the build each left a checkpoint, beside the three written meanwhile.
    const read = await readCheckpoints();
    expect(read.malformed).toEqual([]);
    expect(read.torn).toEqual([]);
    const added = read.checkpoints.slice(linesBefore);
    expect(added.map((c) => c.reason).sort()).toEqual(["export.approve", "export.built", "test", "test", "test"]);
    const v = await verifyAuditLog();
    expect(v).toMatchObject({ ok: true, problems: [], head: { seq: String(rows.at(-1)!.seq) } });
    expect(v.lastCheckpoint!.seq).toBeLessThanOrEqual(Number(rows.at(-1)!.seq));
  }, 120_000);
});
