// The audit log: written with every change in the same transaction, absent after a rollback,
// append-only in the database, and tamper-evident.
import { describe, expect, it } from "vitest";
import { runAction } from "../lib/action";
import pg from "pg";
import { inject } from "vitest";
import { appendAudit, type TAuditInput } from "../lib/audit/append";
import { onPg, onPrisma } from "../lib/db/sql";
import { verifyAuditLog } from "../lib/audit/verify";
import { updateCaseAction } from "../lib/cases/mutations";
import { db } from "../lib/db";
import { auditCount, makeCase, makeUser } from "./fixtures";

describe("audit log", () => {
  it("records who changed what, in the same transaction as the change", async () => {
    const lead = await makeUser("analyst");
    const c = await makeCase(lead);
    const before = await auditCount();
    const r = await runAction(updateCaseAction, lead, { caseId: c.id, version: 1, title: "Renamed campaign", severity: "critical" });
    expect(r.ok).toBe(true);
    expect(await auditCount()).toBe(before + 1);
    const ev = await db().auditEvent.findFirstOrThrow({ where: { caseId: c.id }, orderBy: { seq: "desc" } });
    expect(ev).toMatchObject({ action: "case.update", actorId: lead.id, entityId: c.id });
    expect(ev.data).toMatchObject({ changes: { title: { to: "Renamed campaign" }, severity: { from: "high", to: "critical" } } });
  });

  it("leaves no audit event when the action fails or rolls back", async () => {
    const lead = await makeUser("analyst");
    const c = await makeCase(lead);
    const before = await auditCount();
    // Fails validation, then authorization, then inside the transaction (stale version).
    expect((await runAction(updateCaseAction, lead, { caseId: c.id, version: 1, title: "" })).ok).toBe(false);
    expect((await runAction(updateCaseAction, await makeUser("reviewer"), { caseId: c.id, version: 1, title: "Nope" })).ok).toBe(false);
    expect((await runAction(updateCaseAction, lead, { caseId: c.id, version: 99, title: "Stale" })).ok).toBe(false);
    // An event appended inside a transaction that then throws is rolled back with it.
    const marker = `rolled back ${c.id}`;
    await expect(
      db().$transaction(async (tx) => {
        await appendAudit(onPrisma(tx), { actorId: lead.id, actorLabel: "t", action: "comment.create", caseId: c.id, entityType: "comment", entityId: c.id, data: { body: marker } });
        throw new Error("boom");
      }),
    ).rejects.toThrow("boom");
    expect(await auditCount()).toBe(before);
    expect(await db().auditEvent.count({ where: { data: { path: ["body"], equals: marker } } })).toBe(0);
  });

  it("refuses UPDATE, DELETE and TRUNCATE on the audit table", async () => {
    await makeCase(await makeUser("analyst"));
    await expect(db().$executeRaw`UPDATE audit_event SET "actorLabel" = 'mallory'`).rejects.toThrow(/append-only/);
    await expect(db().$executeRaw`DELETE FROM audit_event`).rejects.toThrow(/append-only/);
    await expect(db().$executeRaw`TRUNCATE audit_event`).rejects.toThrow(/append-only/);
  });

  it("verifies the chain, and finds one altered row", async () => {
    await makeCase(await makeUser("analyst"));
    const ok = await verifyAuditLog();
    expect(ok.ok).toBe(true);
    const victim = await db().auditEvent.findFirstOrThrow({ orderBy: { seq: "asc" }, skip: 1 });
    // A superuser who switches the trigger off can still alter a row; the chain must show it.
    await db().$transaction(async (tx) => {
      await tx.$executeRaw`ALTER TABLE audit_event DISABLE TRIGGER audit_event_no_update_delete`;
      await tx.$executeRaw`UPDATE audit_event SET "actorLabel" = 'someone else' WHERE seq = ${victim.seq}`;
      await tx.$executeRaw`ALTER TABLE audit_event ENABLE TRIGGER audit_event_no_update_delete`;
    });
    try {
      const bad = await verifyAuditLog(3);
      expect(bad).toMatchObject({ ok: false, brokenAt: victim.seq.toString(), reason: `event ${victim.seq} was altered after it was written (its hash does not match its content)` });
    } finally {
      await db().$transaction(async (tx) => {
        await tx.$executeRaw`ALTER TABLE audit_event DISABLE TRIGGER audit_event_no_update_delete`;
        await tx.$executeRaw`UPDATE audit_event SET "actorLabel" = ${victim.actorLabel} WHERE seq = ${victim.seq}`;
        await tx.$executeRaw`ALTER TABLE audit_event ENABLE TRIGGER audit_event_no_update_delete`;
      });
    }
    expect((await verifyAuditLog()).ok).toBe(true);
  });

  it("keeps one unbroken chain when the ORM and a raw connection append at once", async () => {
    const raw = new pg.Client({ connectionString: inject("databaseUrl") });
    await raw.connect();
    const ev: TAuditInput = { actorId: null, actorLabel: "race", action: "capability.seed", caseId: null, entityType: "race", entityId: "x", data: { capabilities: 0 } };
    try {
      await Promise.all([
        (async () => {
          for (let i = 0; i < 25; i++) await db().$transaction((tx) => appendAudit(onPrisma(tx), ev));
        })(),
        (async () => {
          for (let i = 0; i < 25; i++) {
            await raw.query("BEGIN");
            await appendAudit(onPg(raw), ev);
            await raw.query("COMMIT");
          }
        })(),
      ]);
    } finally {
      await raw.end();
    }
    expect(await db().auditEvent.count({ where: { entityType: "race" } })).toBe(50);
    expect((await verifyAuditLog()).ok).toBe(true);
  });
});
