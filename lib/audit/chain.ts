// The audit log's hash chain, pure. Each event's hash is SHA-256 over a canonical encoding of its
// fields and the previous event's hash, so altering, removing or reordering any row breaks every
// link after it.
import { createHash } from "node:crypto";

export const GENESIS_HASH = "0".repeat(64);

export type TAuditFields = {
  seq: bigint;
  at: Date;
  actorId: string | null;
  actorLabel: string;
  action: string;
  caseId: string | null;
  entityType: string;
  entityId: string;
  data: unknown;
  prevHash: string;
};
export type TAuditRow = TAuditFields & { hash: string };

/** JSON with object keys sorted at every depth: the same value always encodes to the same bytes. */
export function canonicalJson(value: unknown): string {
  if (value === null || value === undefined) return "null";
  if (typeof value === "bigint") return JSON.stringify(value.toString());
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  if (typeof value === "number" && !Number.isFinite(value)) return "null";
  return JSON.stringify(value);
}

export function hashAuditEvent(e: TAuditFields): string {
  const body = canonicalJson({
    v: 1,
    seq: e.seq.toString(),
    at: e.at.toISOString(),
    actorId: e.actorId,
    actorLabel: e.actorLabel,
    action: e.action,
    caseId: e.caseId,
    entityType: e.entityType,
    entityId: e.entityId,
    data: e.data,
    prevHash: e.prevHash,
  });
  return createHash("sha256").update(body).digest("hex");
}

export type TChainVerdict =
  | { ok: true; events: number; head: { seq: string; hash: string } | null }
  | { ok: false; events: number; brokenAt: string; reason: string };

/** Checks rows in seq order; `expectedPrev` lets a caller verify in pages. */
export function verifyChain(rows: Iterable<TAuditRow>, start: { prevHash: string; seq: bigint } = { prevHash: GENESIS_HASH, seq: 0n }) {
  let prevHash = start.prevHash;
  let prevSeq = start.seq;
  let events = 0;
  for (const row of rows) {
    const at = row.seq.toString();
    if (row.seq !== prevSeq + 1n) return { ok: false as const, events, brokenAt: at, reason: `sequence jumps from ${prevSeq} to ${row.seq}: events are missing` };
    if (row.prevHash !== prevHash) return { ok: false as const, events, brokenAt: at, reason: `event ${at} does not link to the event before it` };
    if (hashAuditEvent(row) !== row.hash) return { ok: false as const, events, brokenAt: at, reason: `event ${at} was altered after it was written (its hash does not match its content)` };
    prevHash = row.hash;
    prevSeq = row.seq;
    events++;
  }
  return { ok: true as const, events, prevHash, prevSeq };
}
