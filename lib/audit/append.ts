// Appends one event to the hash-chained audit log, inside the caller's transaction: if the
// transaction rolls back, so does the event. A transaction-scoped advisory lock serialises
// appenders so sequence numbers and links never fork.
import type { Tx } from "../db";
import { canonicalJson, GENESIS_HASH, hashAuditEvent } from "./chain";

export type TAuditInput = {
  actorId: string | null;
  actorLabel: string;
  action: string;
  caseId: string | null;
  entityType: string;
  entityId: string;
  data?: unknown;
};

const AUDIT_LOCK = 4_242_001;

export async function appendAuditEvent(tx: Tx, input: TAuditInput) {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${AUDIT_LOCK})`;
  const last = await tx.auditEvent.findFirst({ orderBy: { seq: "desc" }, select: { seq: true, hash: true } });
  // Round-trip through canonical JSON so what we hash is exactly what jsonb gives back.
  const data = JSON.parse(canonicalJson(input.data ?? {}));
  const fields = {
    seq: (last?.seq ?? 0n) + 1n,
    at: new Date(),
    actorId: input.actorId,
    actorLabel: input.actorLabel,
    action: input.action,
    caseId: input.caseId,
    entityType: input.entityType,
    entityId: input.entityId,
    data,
    prevHash: last?.hash ?? GENESIS_HASH,
  };
  return tx.auditEvent.create({ data: { ...fields, hash: hashAuditEvent(fields) } });
}
