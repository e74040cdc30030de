// Signed checkpoints of the audit log: now and then (and after every export approval and build) the
// head of the hash chain, (seq, hash, time), is signed with Ed25519 and appended as one JSON line to
// a file outside the database. Someone who can rewrite the database (a superuser with the triggers
// off) can recompute a consistent chain, but cannot make the signed heads match it: the verifier
// (lib/audit/verify.ts) checks every checkpoint against the rows.
//
// The key is the export signing key (lib/signing/key.ts), not a second one: it is already kept out
// of the database, backed up and published by fingerprint, and a recipient who trusts a package's
// signature can check a checkpoint with the same public key. The message starts with its own
// label, so a checkpoint signature can never be passed off as a package signature or the reverse.
//
// One line: {"seq":41,"hash":"<64 hex>","at":"<ISO 8601>","sig":"<base64>","keyFingerprint":"<64 hex>","reason":"…"}
// Signed message (UTF-8): "casebook-audit-checkpoint\n" + seq + "\n" + hash + "\n" + at. `reason` is
// a note for people and is not signed.
import { createPublicKey, verify as verifySignature } from "node:crypto";
import { promises as fs } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { db } from "../db";
import { dataDir, env, hostName } from "../env";
import { StartupError } from "../errors";
import { s3Config, s3Location } from "../storage/s3";
import { CHECKPOINT_FOLDER, listCheckpointObjects, putCheckpointObject } from "./checkpoints-s3";
import { hostActor } from "../actors";
import { signingKeyInUse } from "../signing/identity";

export const CHECKPOINT_LABEL = "casebook-audit-checkpoint";

const ZCheckpoint = z.object({
  seq: z.number().int().min(1),
  hash: z.string().regex(/^[0-9a-f]{64}$/, "hash must be 64 hex digits"),
  at: z.string().datetime({ offset: true }),
  sig: z.string().min(1),
  keyFingerprint: z.string().regex(/^[0-9a-f]{64}$/, "keyFingerprint must be 64 hex digits"),
  reason: z.string().optional(),
});
export type TCheckpoint = z.infer<typeof ZCheckpoint>;
export type TCheckpointLine = TCheckpoint & { line: number };

/** Where checkpoints go: the file, or the object store's folder (CASEBOOK_CHECKPOINT_STORE). */
function inObjectStore(file: string | undefined): boolean {
  return file === undefined && env().CASEBOOK_CHECKPOINT_STORE === "s3";
}

/** Where the checkpoints are, as messages name it: the file's path, or s3://bucket/prefix/audit-checkpoints/. */
export function checkpointLocation(): string {
  if (!inObjectStore(undefined)) return checkpointFile();
  const config = s3Config();
  if (!config) throw new StartupError("CASEBOOK_CHECKPOINT_STORE=s3 needs the object store: set CASEBOOK_S3_BUCKET (and its endpoint and credentials).");
  return `${s3Location(config)}${CHECKPOINT_FOLDER}`;
}

export function checkpointFile(): string {
  // turbopackIgnore: a file chosen at run time, not a source file to trace into the build.
  return path.resolve(/*turbopackIgnore: true*/ env().CASEBOOK_CHECKPOINT_FILE ?? path.join(dataDir(), "audit-checkpoints.jsonl"));
}

export function checkpointMessage(c: Pick<TCheckpoint, "seq" | "hash" | "at">): Uint8Array {
  return new TextEncoder().encode(`${CHECKPOINT_LABEL}\n${c.seq}\n${c.hash}\n${c.at}`);
}

export function checkpointSignatureValid(c: TCheckpoint, publicKeyPem: string): boolean {
  try {
    return verifySignature(null, checkpointMessage(c), createPublicKey(publicKeyPem), Buffer.from(c.sig, "base64"));
  } catch {
    return false;
  }
}

export type TCheckpointFile = {
  /** The file's path, or the object store's folder. */
  file: string;
  /** What the verifier should say about where they are kept (an object store without Object Lock). */
  note?: string;
  checkpoints: TCheckpointLine[];
  /** Lines that are not checkpoints: a person must look (the file is only ever appended to). */
  malformed: Array<{ line: number; message: string }>;
  /** Lines cut short, as a crash mid-write leaves them: the checkpoints they were are simply absent. */
  torn: number[];
};

/** Every checkpoint in the object store, in the form the file gives. */
async function readFromObjectStore(): Promise<TCheckpointFile> {
  const location = checkpointLocation();
  const stored = await listCheckpointObjects();
  const checkpoints = stored.checkpoints.map(({ key: _key, ...c }) => c);
  const note = stored.lock.on
    ? undefined
    : `the checkpoints in ${location} are not under Object Lock: ${stored.lock.why}. Anyone who may write to the bucket can delete or replace them. Turn Object Lock on for the bucket, or keep a copy elsewhere.`;
  return { file: location, checkpoints, malformed: stored.malformed, torn: [], note };
}

/**
 * Reads every checkpoint: from `file` when given, else from where they are kept (the file, or the
 * object store). A missing file is an empty list (no checkpoint written yet).
 */
export async function readCheckpoints(file?: string): Promise<TCheckpointFile> {
  if (inObjectStore(file)) return readFromObjectStore();
  return readCheckpointFile(file ?? checkpointFile());
}

async function readCheckpointFile(file: string): Promise<TCheckpointFile> {
  const text = await fs.readFile(file, "utf8").catch((e: NodeJS.ErrnoException) => {
    if (e.code === "ENOENT") return "";
    throw e;
  });
  const out: TCheckpointFile = { file, checkpoints: [], malformed: [], torn: [] };
  const lines = text.split("\n");
  const endsClean = text.endsWith("\n") || text === "";
  lines.forEach((raw, i) => {
    if (raw.trim() === "") return;
    const line = i + 1;
    const isLast = i === lines.length - 1 && !endsClean;
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch {
      // A write cut short leaves JSON without its end; the next append starts a new line after it.
      if (isLast || !raw.trimEnd().endsWith("}")) {
        out.torn.push(line);
        return;
      }
      out.malformed.push({ line, message: `line ${line} is not JSON` });
      return;
    }
    const parsed = ZCheckpoint.safeParse(json);
    if (!parsed.success) {
      out.malformed.push({ line, message: `line ${line}: ${parsed.error.issues.map((x) => `${x.path.join(".") || "line"}: ${x.message}`).join("; ")}` });
      return;
    }
    out.checkpoints.push({ ...parsed.data, line });
  });
  return out;
}

/** The checkpoint covering the highest event (checkpoints may land out of order from several writers). */
export function lastOf<T extends TCheckpoint>(list: readonly T[]): T | null {
  let best: T | null = null;
  for (const c of list) if (!best || c.seq > best.seq || (c.seq === best.seq && c.at > best.at)) best = c;
  return best;
}

/**
 * Appends one line: O_APPEND, so writers in several processes never overwrite each other, one
 * write() per line, then fsync before it counts as written. A file that ends without a newline
 * (a torn line) gets one first, so the torn line stays alone on its line.
 */
async function appendLine(file: string, line: string): Promise<void> {
  await fs.mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  const h = await fs.open(file, "a", 0o600);
  try {
    const { size } = await h.stat();
    let prefix = "";
    if (size > 0) {
      const last = Buffer.alloc(1);
      const r = await fs.open(file, "r");
      try {
        await r.read(last, 0, 1, size - 1);
      } finally {
        await r.close();
      }
      if (last[0] !== 0x0a) prefix = "\n";
    }
    await h.write(`${prefix}${line}\n`);
    await h.sync();
    if (size === 0) {
      // A new file: make its directory entry durable too.
      const d = await fs.open(path.dirname(file), "r");
      await d.sync().finally(() => d.close());
    }
  } finally {
    await h.close();
  }
}

export async function auditHead(): Promise<{ seq: number; hash: string } | null> {
  const [head] = await db().$queryRaw<Array<{ seq: bigint; hash: string }>>`SELECT seq, hash FROM audit_event ORDER BY seq DESC LIMIT 1`;
  return head ? { seq: Number(head.seq), hash: head.hash } : null;
}

/** Signs the audit head as it stands (committed rows only) and appends it. Null when the log is empty. */
export async function writeCheckpoint(reason: string, file?: string): Promise<TCheckpoint | null> {
  // The installation's key only: a host given another key refuses (lib/signing/identity.ts). First,
  // so that the event recording the key, when this is its first use, is under the head signed.
  const key = await signingKeyInUse(hostActor(hostName()));
  const head = await auditHead();
  if (!head) return null;
  const body = { seq: head.seq, hash: head.hash, at: new Date().toISOString() };
  const sig = Buffer.from(await key.sign(checkpointMessage(body))).toString("base64");
  const c: TCheckpoint = { ...body, sig, keyFingerprint: key.fingerprint, reason };
  if (inObjectStore(file)) await putCheckpointObject(c);
  else await appendLine(file ?? checkpointFile(), JSON.stringify(c));
  return c;
}

/** A checkpoint when the head has moved past the last one in the file; null when it has not. */
export async function checkpointIfMoved(reason: string, file?: string): Promise<TCheckpoint | null> {
  const head = await auditHead();
  if (!head) return null;
  // In the object store, one LIST of the keys from the head's event on (keys sort by event), not all of them.
  const covering = inObjectStore(file)
    ? (await listCheckpointObjects(undefined, { fromSeq: head.seq })).checkpoints
    : (await readCheckpoints(file)).checkpoints;
  const last = lastOf(covering);
  if (last && last.seq >= head.seq) return null;
  return writeCheckpoint(reason, file);
}

/**
 * After a commit that must be covered (an export approved or built): the file is outside the
 * database, so this runs after the commit, never inside it. If it fails, or the process dies
 * first, the committed event is still in the chain and the next checkpoint (the worker's timer,
 * which also runs when a worker starts) covers it; so this logs and never undoes the action.
 */
export async function checkpointAfterCommit(reason: string): Promise<void> {
  try {
    await writeCheckpoint(reason);
  } catch (e) {
    console.error(`[audit] could not write the audit checkpoint after ${reason} (${(e as Error).message}); the next periodic checkpoint covers it`);
  }
}

/** The worker's timer: a checkpoint at start and every `intervalMs` when the head moved. Returns stop(). */
export function startCheckpointTimer(log: (m: string) => void, intervalMs: number = env().CASEBOOK_CHECKPOINT_INTERVAL_MS): () => void {
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      const c = await checkpointIfMoved("interval");
      if (c) log(`signed audit checkpoint at event ${c.seq}`);
    } catch (e) {
      log(`could not write the audit checkpoint (${(e as Error).message}); trying again in ${Math.round(intervalMs / 1000)} s`);
    } finally {
      running = false;
    }
  };
  void tick();
  const t = setInterval(() => void tick(), intervalMs);
  t.unref();
  return () => clearInterval(t);
}

/** What the admin page shows before anyone verifies: the file as it stands, signatures unchecked. */
export async function checkpointSummary(): Promise<{ file: string; inObjectStore: boolean; note: string | null; count: number; last: TCheckpoint | null; torn: number }> {
  const read = await readCheckpoints();
  const last = lastOf(read.checkpoints);
  return {
    file: read.file,
    inObjectStore: inObjectStore(undefined),
    note: read.note ?? null,
    count: read.checkpoints.length,
    last: last ? (({ line: _line, ...c }) => c)(last) : null,
    torn: read.torn.length,
  };
}
