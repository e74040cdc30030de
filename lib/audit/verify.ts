// The one verifier of the audit log, behind the CLI, the API and the admin page. It walks the
// whole chain from the database a page at a time (bounded memory) and checks every signed
// checkpoint (lib/audit/checkpoints.ts) against it. What each kind of tampering looks like:
//   edited     a row's content no longer gives its stored hash; or, when its hash was recomputed
//              too, the next row no longer links to it
//   deleted    a gap in the sequence
//   swapped    a row's content gives its stored hash only under another sequence number
//   forged     the chain is whole, but a signed checkpoint names a different hash for its event:
//              the log was rewritten from some point on and every hash after it recomputed
//   truncated  the log ends before the last signed checkpoint's event
// Rows deleted after the last checkpoint, or appended after it with a consistent chain, cannot be
// told apart from the real log: that is what the checkpoint interval bounds.
import { db } from "../db";
import { readLocalPublicKey } from "../signing/key";
import { advance, CHAIN_START, chainBreak, hashAuditEvent, type TAuditRow, type TChainBreak, type TChainCursor } from "./chain";
import { checkpointLocation, checkpointSignatureValid, lastOf, readCheckpoints, type TCheckpoint, type TCheckpointLine } from "./checkpoints";

export type TAuditProblemKind = "edited" | "deleted" | "swapped" | "forged" | "truncated" | "bad_signature" | "unknown_key" | "no_key" | "malformed_checkpoint";
export type TAuditProblem = { kind: TAuditProblemKind; seq: string | null; message: string };

export type TAuditVerification = {
  ok: boolean;
  events: number;
  head: { seq: string; hash: string } | null;
  lastCheckpoint: TCheckpoint | null;
  checkpoints: number;
  checkpointFile: string;
  problems: TAuditProblem[];
  /** Worth knowing, not tampering: no checkpoint yet, a line a crash cut short. */
  warnings: string[];
  /** The first problem's seq and message, as this endpoint reported them before checkpoints. */
  brokenAt?: string;
  reason?: string;
};

const MAX_PROBLEMS = 200;
const SWAP_WINDOW = 16n;

/** The seq a row was written under, when its content gives its stored hash under another one. */
async function writtenAs(row: TAuditRow): Promise<bigint | null> {
  const tries = new Set<bigint>();
  for (let d = 1n; d <= SWAP_WINDOW; d++) tries.add(row.seq + d).add(row.seq - d);
  // Farther moves: where its original neighbours sit now.
  const [pred] = await db().$queryRaw<Array<{ seq: bigint }>>`SELECT seq FROM audit_event WHERE hash = ${row.prevHash}`;
  const [succ] = await db().$queryRaw<Array<{ seq: bigint }>>`SELECT seq FROM audit_event WHERE "prevHash" = ${row.hash} LIMIT 1`;
  if (pred) tries.add(pred.seq + 1n);
  if (succ) tries.add(succ.seq - 1n);
  for (const seq of tries) if (seq > 0n && seq !== row.seq && hashAuditEvent({ ...row, seq }) === row.hash) return seq;
  return null;
}

const short = (h: string) => `${h.slice(0, 12)}…`;

/** A break of the chain in words a person can act on. */
async function describeBreak(broken: TChainBreak, prev: TChainCursor, row: TAuditRow): Promise<TAuditProblem> {
  const at = row.seq.toString();
  switch (broken.kind) {
    case "gap": {
      const range = broken.from === broken.to ? `event ${broken.from} is` : `events ${broken.from} to ${broken.to} are`;
      return { kind: "deleted", seq: String(broken.from), message: `${range} missing: the sequence jumps from ${prev.seq} to ${at}, so rows were deleted from the log` };
    }
    case "content": {
      const was = await writtenAs(row);
      if (was !== null) return { kind: "swapped", seq: at, message: `event ${at} was written as event ${was}: rows of the log were moved or swapped` };
      return { kind: "edited", seq: at, message: `event ${at} was altered after it was written (its hash does not match its content)` };
    }
    case "link":
      if (broken.fromGenesis) return { kind: "edited", seq: at, message: `event ${at} does not start from the beginning of the log (its link is not the genesis hash)` };
      return { kind: "edited", seq: String(prev.seq), message: `event ${prev.seq} was altered and its hash recomputed: event ${at} still links to the hash event ${prev.seq} had when it was written` };
  }
}

export async function verifyAuditLog(pageSize = 5000, opts: { checkpointFile?: string } = {}): Promise<TAuditVerification> {
  const file = opts.checkpointFile ?? checkpointLocation();
  const problems: TAuditProblem[] = [];
  const warnings: string[] = [];
  let dropped = 0;
  const report = (p: TAuditProblem) => (problems.length < MAX_PROBLEMS ? problems.push(p) : dropped++);

  // The checkpoints first: only those whose signature holds are evidence.
  const read = await readCheckpoints(opts.checkpointFile);
  if (read.note) warnings.push(read.note);
  for (const m of read.malformed) report({ kind: "malformed_checkpoint", seq: null, message: `${file} ${m.message}: the file is only ever appended to, so someone edited it` });
  for (const line of read.torn) warnings.push(`${file} line ${line} is a checkpoint cut short (a crash while it was written); it counts as absent`);
  const key = await readLocalPublicKey();
  const trusted: TCheckpointLine[] = [];
  if (read.checkpoints.length && !key) {
    report({ kind: "no_key", seq: null, message: `${read.checkpoints.length} checkpoint(s) in ${file} but no signing key to check them against: restore the signing key folder from its backup` });
  } else if (key) {
    for (const c of read.checkpoints) {
      if (c.keyFingerprint !== key.fingerprint) {
        report({ kind: "unknown_key", seq: String(c.seq), message: `${file} line ${c.line}: signed by key ${short(c.keyFingerprint)}, not this server's key ${short(key.fingerprint)}; restore the key it was signed with, or check it by hand with that key's public half` });
      } else if (!checkpointSignatureValid(c, key.publicKeyPem)) {
        report({ kind: "bad_signature", seq: String(c.seq), message: `${file} line ${c.line}: the signature does not match its (event ${c.seq}, hash, time): the line was altered, or was not written by Casebook` });
      } else trusted.push(c);
    }
  }
  const bySeq = new Map<bigint, TCheckpointLine[]>();
  for (const c of trusted) bySeq.set(BigInt(c.seq), [...(bySeq.get(BigInt(c.seq)) ?? []), c]);
  const checked = new Set<bigint>();
  const gaps: Array<[bigint, bigint]> = [];

  // The chain, row by row. After a break, carry on from the stored row, so every damage is named.
  let at = CHAIN_START;
  let events = 0;
  for (;;) {
    const rows = (await db().auditEvent.findMany({ where: { seq: { gt: at.seq } }, orderBy: { seq: "asc" }, take: pageSize })) as TAuditRow[];
    if (rows.length === 0) break;
    for (const row of rows) {
      const broken = chainBreak(at, row);
      if (broken?.kind === "gap") gaps.push([broken.from, broken.to]);
      if (broken) report(await describeBreak(broken, at, row));
      for (const c of bySeq.get(row.seq) ?? []) {
        if (c.hash !== row.hash)
          report({ kind: "forged", seq: String(row.seq), message: `the checkpoint signed ${c.at} (${file} line ${c.line}) says event ${row.seq} had hash ${short(c.hash)}, the log now has ${short(row.hash)}: the log was rewritten up to event ${row.seq} and its hashes recomputed` });
      }
      checked.add(row.seq);
      at = advance(row, broken);
      events++;
    }
  }
  const prevSeq = at.seq;
  const prevHash = at.hash;

  // Checkpoints whose event is no longer there.
  const last = lastOf(trusted);
  if (last && BigInt(last.seq) > prevSeq) {
    report({
      kind: "truncated",
      seq: String(prevSeq + 1n),
      message: `the log ends at event ${prevSeq}, but the checkpoint signed ${last.at} (${file} line ${last.line}) covers event ${last.seq}: events ${prevSeq + 1n} to ${last.seq} at least were cut from its end`,
    });
  }
  for (const [seq, list] of bySeq) {
    if (seq > prevSeq || checked.has(seq) || gaps.some(([a, b]) => seq >= a && seq <= b)) continue;
    report({ kind: "deleted", seq: String(seq), message: `event ${seq}, covered by the checkpoint signed ${list[0].at}, is not in the log` });
  }
  if (dropped) warnings.push(`${dropped} more problem(s) not listed`);
  if (events > 0 && read.checkpoints.length === 0) warnings.push(`no checkpoint in ${file} yet: a log rewritten with recomputed hashes could not be told from the real one. Run \`npm run casebook -- audit checkpoint\`.`);

  const head = events ? { seq: prevSeq.toString(), hash: prevHash } : null;
  const lastCheckpoint = last ? (({ line: _line, ...c }) => c)(last) : null;
  const result: TAuditVerification = { ok: problems.length === 0, events, head, lastCheckpoint, checkpoints: read.checkpoints.length, checkpointFile: file, problems, warnings };
  if (problems.length) {
    result.brokenAt = problems[0].seq ?? undefined;
    result.reason = problems[0].message;
  }
  return result;
}
