// Appends one event to the hash-chained audit log, inside the caller's transaction: if the
// transaction rolls back, so does the event. A transaction-scoped advisory lock serialises
// appenders so sequence numbers and links never fork, whichever connection they come from.
// Only lib/action.ts calls this (ESLint enforces it): every event comes through the write path.
import { canonicalJson, GENESIS_HASH, hashAuditEvent, type TAuditFields } from "./chain";
import type { TAuditAction } from "./events";
import { Prisma, type TSql } from "../db/sql";

export type TAuditInput = {
  actorId: string | null;
  actorLabel: string;
  action: TAuditAction;
  caseId: string | null;
  entityType: string;
  entityId: string;
  data: unknown;
};

/** The transaction-scoped advisory lock every appender takes: one writer at a time extends the chain. */
const AUDIT_APPEND_LOCK = 4242001;

export async function appendAudit(sql: TSql, input: TAuditInput): Promise<{ seq: bigint; hash: string }> {
  await sql.query(Prisma.sql`SELECT pg_advisory_xact_lock(${AUDIT_APPEND_LOCK}::bigint)::text`);
  const [last] = await sql.query<{ seq: string; hash: string }>(Prisma.sql`SELECT seq::text AS seq, hash FROM audit_event ORDER BY audit_event.seq DESC LIMIT 1`);
  // Round-trip through canonical JSON so what we hash is exactly what jsonb gives back.
  const e: TAuditFields = {
    seq: (last ? BigInt(last.seq) : 0n) + 1n,
    at: new Date(),
    actorId: input.actorId,
    actorLabel: input.actorLabel,
    action: input.action,
    caseId: input.caseId,
    entityType: input.entityType,
    entityId: input.entityId,
    data: JSON.parse(canonicalJson(input.data ?? {})),
    prevHash: last?.hash ?? GENESIS_HASH,
  };
  const hash = hashAuditEvent(e);
  await sql.query(Prisma.sql`
    INSERT INTO audit_event (seq, at, "actorId", "actorLabel", action, "caseId", "entityType", "entityId", data, "prevHash", hash)
    VALUES (${e.seq.toString()}::bigint, ${e.at.toISOString()}::timestamp(3), ${e.actorId}, ${e.actorLabel}, ${e.action}, ${e.caseId},
            ${e.entityType}, ${e.entityId}, ${JSON.stringify(e.data)}::jsonb, ${e.prevHash}, ${hash})
    RETURNING seq::text`);
  return { seq: e.seq, hash };
}
