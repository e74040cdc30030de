// Signed checkpoints against a real database: each kind of tampering is done as a superuser with
// the append-only triggers off, the one verifier must name it and where, and the rows are then put
// back exactly (the integration files share one database) and the log verifies again.
import { promises as fs } from "node:fs";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inject } from "vitest";
import { runAction } from "../lib/action";
import { appendAudit } from "../lib/audit/append";
import { hashAuditEvent, type TAuditRow } from "../lib/audit/chain";
import { checkpointFile, checkpointMessage, readCheckpoints, writeCheckpoint } from "../lib/audit/checkpoints";
import { verifyAuditLog, type TAuditVerification } from "../lib/audit/verify";
import { addCommentAction } from "../lib/cases/mutations";
import { db } from "../lib/db";
import { onPg } from "../lib/db/sql";
import { loadOrCreateSigningKey } from "../lib/signing/key";
import { makeCase, makeUser } from "./fixtures";

let su: pg.Client;
beforeAll(async () => {
  su = new pg.Client({ connectionString: inject("databaseUrl") });
  await su.connect();
  expect((await su.query("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")).rows[0].rolsuper).toBe(true);
});
afterAll(() => su.end());

/** Five events made by real actions, then a checkpoint of the head; their seqs. */
async function eventsThenCheckpoint(): Promise<bigint[]> {
  const lead = await makeUser("analyst");
  const c = await makeCase(lead);
  for (let i = 1; i <= 5; i++) expect((await runAction(addCommentAction, lead, { caseId: c.id, body: `note ${i}` })).ok).toBe(true);
  const rows = await db().auditEvent.findMany({ where: { caseId: c.id, action: "comment.create" }, orderBy: { seq: "asc" }, select: { seq: true } });
  const cp = await writeCheckpoint("test");
  expect(cp!.seq).toBe(Number(rows[4].seq));
  expect(await verifyAuditLog()).toMatchObject({ ok: true, problems: [], lastCheckpoint: { seq: cp!.seq, hash: cp!.hash } });
  return rows.map((r) => r.seq);
}

/** As a superuser with the triggers off: tamper, verify, then put every row from `from` on back exactly. */
async function tampered(from: bigint, tamper: (c: pg.Client) => Promise<void>): Promise<TAuditVerification> {
  const saved = (await su.query(`SELECT coalesce(jsonb_agg(to_jsonb(a) ORDER BY seq), '[]') AS rows FROM audit_event a WHERE seq >= $1`, [from.toString()])).rows[0].rows;
  const asSuperuser = async (fn: () => Promise<void>) => {
    await su.query("BEGIN");
    try {
      await su.query("ALTER TABLE audit_event DISABLE TRIGGER ALL");
      await fn();
      await su.query("ALTER TABLE audit_event ENABLE TRIGGER ALL");
      await su.query("COMMIT");
    } catch (e) {
      await su.query("ROLLBACK");
      throw e;
    }
  };
  await asSuperuser(() => tamper(su));
  try {
    return await verifyAuditLog(3); // small pages: the walk crosses page edges at the damage
  } finally {
    await asSuperuser(async () => {
      await su.query("DELETE FROM audit_event WHERE seq >= $1", [from.toString()]);
      await su.query("INSERT INTO audit_event SELECT * FROM jsonb_populate_recordset(NULL::audit_event, $1::jsonb)", [JSON.stringify(saved)]);
    });
    expect((await verifyAuditLog()).problems).toEqual([]);
  }
}

const kinds = (v: TAuditVerification) => v.problems.map((p) => `${p.kind}@${p.seq}`);

describe("signed audit checkpoints", () => {
  it("finds an edited row", async () => {
    const s = await eventsThenCheckpoint();
    const v = await tampered(s[2], (c) => c.query(`UPDATE audit_event SET data = '{"body":"I never wrote this"}' WHERE seq = $1`, [s[2].toString()]).then(() => {}));
    expect(v.ok).toBe(false);
    expect(kinds(v)).toEqual([`edited@${s[2]}`]);
    expect(v.problems[0].message).toBe(`event ${s[2]} was altered after it was written (its hash does not match its content)`);
  });

  it("finds an edited row whose hash was recomputed", async () => {
    const s = await eventsThenCheckpoint();
    const v = await tampered(s[1], async (c) => {
      const row = (await db().auditEvent.findUniqueOrThrow({ where: { seq: s[1] } })) as TAuditRow;
      const forged = { ...row, actorLabel: "Mallory" };
      await c.query(`UPDATE audit_event SET "actorLabel" = 'Mallory', hash = $2 WHERE seq = $1`, [s[1].toString(), hashAuditEvent(forged)]);
    });
    expect(kinds(v)).toEqual([`edited@${s[1]}`]);
    expect(v.problems[0].message).toMatch(/altered and its hash recomputed/);
  });

  it("finds a deleted row", async () => {
    const s = await eventsThenCheckpoint();
    const v = await tampered(s[2], (c) => c.query("DELETE FROM audit_event WHERE seq = $1", [s[2].toString()]).then(() => {}));
    expect(kinds(v)).toEqual([`deleted@${s[2]}`]);
    expect(v.problems[0].message).toBe(`event ${s[2]} is missing: the sequence jumps from ${s[1]} to ${s[3]}, so rows were deleted from the log`);
  });

  it("finds two rows swapped", async () => {
    const s = await eventsThenCheckpoint();
    const v = await tampered(s[1], async (c) => {
      await c.query("UPDATE audit_event SET seq = -1 WHERE seq = $1", [s[1].toString()]);
      await c.query("UPDATE audit_event SET seq = $1 WHERE seq = $2", [s[1].toString(), s[2].toString()]);
      await c.query("UPDATE audit_event SET seq = $1 WHERE seq = -1", [s[2].toString()]);
    });
    expect(kinds(v)).toEqual([`swapped@${s[1]}`, `swapped@${s[2]}`]);
    expect(v.problems[0].message).toBe(`event ${s[1]} was written as event ${s[2]}: rows of the log were moved or swapped`);
  });

  it("finds a forged history: a row rewritten, every hash after it recomputed and a forged row appended", async () => {
    const s = await eventsThenCheckpoint();
    const v = await tampered(s[1], async (c) => {
      const rows = (await db().auditEvent.findMany({ where: { seq: { gte: s[1] } }, orderBy: { seq: "asc" } })) as TAuditRow[];
      let prevHash = (await db().auditEvent.findUniqueOrThrow({ where: { seq: s[1] - 1n } })).hash;
      for (const row of rows) {
        const f = { ...row, data: row.seq === s[1] ? { body: "a different note" } : row.data, prevHash };
        const hash = hashAuditEvent(f);
        await c.query(`UPDATE audit_event SET data = $2::jsonb, "prevHash" = $3, hash = $4 WHERE seq = $1`, [row.seq.toString(), JSON.stringify(f.data), prevHash, hash]);
        prevHash = hash;
      }
      // Appended the way the app appends: the chain links on from the rewritten head.
      await appendAudit(onPg(c), { actorId: null, actorLabel: "Mallory", action: "comment.create", caseId: null, entityType: "comment", entityId: "x", data: { body: "forged" } });
    });
    // The chain alone is whole: only the signed checkpoint of the old head gives it away.
    expect(kinds(v)).toEqual([`forged@${s[4]}`]);
    expect(v.problems[0].message).toMatch(new RegExp(`says event ${s[4]} had hash [0-9a-f]{12}…, the log now has [0-9a-f]{12}…: the log was rewritten up to event ${s[4]} and its hashes recomputed`));
    expect(v.events).toBe((await verifyAuditLog()).events + 1);
  });

  it("finds a truncated tail", async () => {
    const s = await eventsThenCheckpoint();
    const v = await tampered(s[2], (c) => c.query("DELETE FROM audit_event WHERE seq >= $1", [s[2].toString()]).then(() => {}));
    expect(kinds(v)).toEqual([`truncated@${s[2]}`]);
    expect(v.head!.seq).toBe(String(s[1]));
    expect(v.problems[0].message).toMatch(new RegExp(`^the log ends at event ${s[1]}, but the checkpoint signed .* covers event ${s[4]}: events ${s[2]} to ${s[4]} at least were cut from its end$`));
  });

  it("refuses a checkpoint line whose signature does not match, and notes a torn last line", async () => {
    await eventsThenCheckpoint();
    const file = checkpointFile();
    const size = (await fs.stat(file)).size;
    try {
      const last = (await readCheckpoints()).checkpoints.at(-1)!;
      const { line: _line, ...cp } = last;
      // A real signature over another head, moved onto this one.
      await fs.appendFile(file, JSON.stringify({ ...cp, seq: cp.seq + 1000 }) + "\n");
      const v = await verifyAuditLog();
      expect(kinds(v)).toEqual([`bad_signature@${cp.seq + 1000}`]);
      expect(v.lastCheckpoint!.seq).toBe(cp.seq); // an unsigned claim is not evidence, not even of truncation
      // A checkpoint a crash cut short is absent, not tampering; the next append starts a new line.
      await fs.truncate(file, size);
      await fs.appendFile(file, JSON.stringify(cp).slice(0, 40));
      const torn = await verifyAuditLog();
      expect(torn.ok).toBe(true);
      expect(torn.warnings).toEqual([expect.stringMatching(/is a checkpoint cut short/)]);
      const next = await writeCheckpoint("test");
      const read = await readCheckpoints();
      expect(read.torn).toHaveLength(1);
      expect(read.checkpoints.at(-1)).toMatchObject({ seq: next!.seq, hash: next!.hash });
      // The signature is over the documented message, checkable with the public key alone.
      const key = await loadOrCreateSigningKey();
      const { verify, createPublicKey } = await import("node:crypto");
      expect(Buffer.from(checkpointMessage(next!)).toString()).toBe(`casebook-audit-checkpoint\n${next!.seq}\n${next!.hash}\n${next!.at}`);
      expect(verify(null, checkpointMessage(next!), createPublicKey(key.publicKeyPem), Buffer.from(next!.sig, "base64"))).toBe(true);
    } finally {
      await fs.truncate(file, size);
    }
    expect(await verifyAuditLog()).toMatchObject({ ok: true, warnings: [] });
  });
});
