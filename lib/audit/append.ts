// Appends one event to the hash-chained audit log, inside the caller's transaction: if the
// transaction rolls back, so does the event. A transaction-scoped advisory lock serialises
// appenders so sequence numbers and links never fork. Works on a Prisma transaction or on a raw
// `pg` client in a transaction (the bulk importer's connection).
import type { Tx } from "../db";
import { canonicalJson, GENESIS_HASH, hashAuditEvent, type TAuditFields } from "./chain";

export type TAuditInput = {
  actorId: string | null;
  actorLabel: string;
  action: string;
  caseId: string | null;
  entityType: string;
  entityId: string;
  data?: unknown;
};

// Both appenders take the same transaction-scoped advisory lock, 4242001 (a literal in the SQL).

function nextEvent(last: { seq: bigint; hash: string } | null, input: TAuditInput) {
  // Round-trip through canonical JSON so what we hash is exactly what jsonb gives back.
  const fields: TAuditFields = {
    seq: (last?.seq ?? 0n) + 1n,
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
  return { ...fields, hash: hashAuditEvent(fields) };
}

export async function appendAuditEvent(tx: Tx, input: TAuditInput) {
  await tx.$queryRaw`SELECT pg_advisory_xact_lock(4242001)::text`;
  const last = await tx.auditEvent.findFirst({ orderBy: { seq: "desc" }, select: { seq: true, hash: true } });
  return tx.auditEvent.create({ data: nextEvent(last, input) as Parameters<Tx["auditEvent"]["create"]>[0]["data"] });
}

type TPgQueryable = { query: (sql: string, params?: unknown[]) => Promise<{ rows: Record<string, unknown>[] }> };

/** The same, on a raw pg client that is inside a transaction. */
export async function appendAuditEventPg(client: TPgQueryable, input: TAuditInput) {
  await client.query("SELECT pg_advisory_xact_lock(4242001)::text");
  const { rows } = await client.query(`SELECT seq::text AS last_seq, hash FROM audit_event ORDER BY audit_event.seq DESC LIMIT 1`);
  const last = rows[0] ? { seq: BigInt(rows[0].last_seq as string), hash: rows[0].hash as string } : null;
  const e = nextEvent(last, input);
  await client.query(
    `INSERT INTO audit_event (seq, at, "actorId", "actorLabel", action, "caseId", "entityType", "entityId", data, "prevHash", hash)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
    [e.seq.toString(), e.at.toISOString(), e.actorId, e.actorLabel, e.action, e.caseId, e.entityType, e.entityId, JSON.stringify(e.data), e.prevHash, e.hash],
  );
  return e;
}
