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

/** Where the walk has got to: the last row read, and whether that row was itself damaged. */
export type TChainCursor = { seq: bigint; hash: string; broken: boolean };
export const CHAIN_START: TChainCursor = { seq: 0n, hash: GENESIS_HASH, broken: false };

/** What is wrong with a row, read after `prev`: rows missing before it, its content altered, or
 *  its link not the hash of the row before it (not reported after a damaged row, whose successor's
 *  link names the row's original hash: one damage, one report). */
export type TChainBreak = { kind: "gap"; from: bigint; to: bigint } | { kind: "content" } | { kind: "link"; fromGenesis: boolean };

/** The pure step of the one verifier (lib/audit/verify.ts), which walks the log in pages with it. */
export function chainBreak(prev: TChainCursor, row: TAuditRow): TChainBreak | null {
  if (row.seq !== prev.seq + 1n) return { kind: "gap", from: prev.seq + 1n, to: row.seq - 1n };
  if (hashAuditEvent(row) !== row.hash) return { kind: "content" };
  if (row.prevHash !== prev.hash && !prev.broken) return { kind: "link", fromGenesis: prev.seq === 0n };
  return null;
}

/** The cursor after `row`. */
export const advance = (row: TAuditRow, broken: TChainBreak | null): TChainCursor => ({ seq: row.seq, hash: row.hash, broken: broken !== null });
