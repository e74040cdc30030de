// Verifies the whole audit chain from the database, a page at a time (bounded memory).
import { db } from "../db";
import { GENESIS_HASH, verifyChain, type TAuditRow } from "./chain";

export type TAuditVerification =
  | { ok: true; events: number; head: { seq: string; hash: string } | null }
  | { ok: false; events: number; brokenAt: string; reason: string };

export async function verifyAuditLog(pageSize = 5000): Promise<TAuditVerification> {
  let start = { prevHash: GENESIS_HASH, seq: 0n };
  let events = 0;
  for (;;) {
    const rows = (await db().auditEvent.findMany({
      where: { seq: { gt: start.seq } },
      orderBy: { seq: "asc" },
      take: pageSize,
    })) as TAuditRow[];
    if (rows.length === 0) break;
    const v = verifyChain(rows, start);
    if (!v.ok) return { ...v, events: events + v.events };
    events += v.events;
    start = { prevHash: v.prevHash, seq: v.prevSeq };
  }
  return { ok: true, events, head: events ? { seq: start.seq.toString(), hash: start.prevHash } : null };
}
