// Signed audit checkpoints in the object store (CASEBOOK_CHECKPOINT_STORE=s3): one object per
// checkpoint, written once and never rewritten, so hosts that share no disk share one record.
//
// Key: <prefix>audit-checkpoints/<seq, 20 digits>/<hash>/<at as epoch ms>/<key fingerprint>/<signature, base64url>
// (in segments, each well under the 255 bytes a file-backed store allows a path segment)
// Body: the checkpoint's JSON line (with its `reason`). Everything the verifier needs is in the key,
// so reading them all is one LIST per 1,000 checkpoints, not a GET each; keys sort by event.
//
// Object Lock: when the bucket has it on, each checkpoint is written under COMPLIANCE retention for
// CASEBOOK_CHECKPOINT_RETENTION_DAYS, so nobody (the bucket's owner and root included) can delete or
// overwrite it before then. A store without Object Lock still holds them, and the verifier says so.
import type { S3Client } from "@aws-sdk/client-s3";
import { env } from "../env";
import { s3Client, s3Config, s3Location, s3Sdk, type TS3Config } from "../storage/s3";
import type { TCheckpoint } from "./checkpoints";

export const CHECKPOINT_FOLDER = "audit-checkpoints/";

/** One checkpoint's object key, under the store's prefix. */
export function checkpointKey(prefix: string, c: TCheckpoint): string {
  const sig = Buffer.from(c.sig, "base64").toString("base64url");
  return `${prefix}${CHECKPOINT_FOLDER}${String(c.seq).padStart(20, "0")}/${c.hash}/${Date.parse(c.at)}/${c.keyFingerprint}/${sig}`;
}

const KEY = /^(\d{20})\/([0-9a-f]{64})\/(\d{1,15})\/([0-9a-f]{64})\/([A-Za-z0-9_-]+)$/;

/** The checkpoint a key names, or null when the name is not one Casebook writes. */
export function parseCheckpointKey(name: string): TCheckpoint | null {
  const m = KEY.exec(name);
  if (!m) return null;
  const at = new Date(Number(m[3]));
  if (Number.isNaN(at.getTime())) return null;
  return { seq: Number(m[1]), hash: m[2], at: at.toISOString(), keyFingerprint: m[4], sig: Buffer.from(m[5], "base64url").toString("base64") };
}

export type TObjectLock = { on: true; days: number } | { on: false; why: string };
const lockOf = new Map<string, Promise<TObjectLock>>();

/** Whether the bucket keeps objects under Object Lock (asked once per process). */
export function objectLock(config: TS3Config, client?: Pick<S3Client, "send">): Promise<TObjectLock> {
  let p = lockOf.get(config.bucket);
  if (!p) {
    p = (async () => {
      const sdk = await s3Sdk();
      const c = client ?? (await s3Client(config));
      try {
        const r = await c.send(new sdk.GetObjectLockConfigurationCommand({ Bucket: config.bucket }));
        if (r.ObjectLockConfiguration?.ObjectLockEnabled === "Enabled") return { on: true, days: env().CASEBOOK_CHECKPOINT_RETENTION_DAYS };
        return { on: false, why: "Object Lock is not enabled on the bucket" };
      } catch (e) {
        const err = e as { name?: string; message?: string };
        // AWS S3 answers a bucket made without Object Lock this way; stores without the feature, NotImplemented.
        if (err.name === "ObjectLockConfigurationNotFoundError") return { on: false, why: "Object Lock is not enabled on the bucket" };
        return { on: false, why: `the store has no Object Lock (asked for it, it answered ${err.name ?? err.message})` };
      }
    })();
    lockOf.set(config.bucket, p);
  }
  return p;
}

/** Writes one checkpoint object, under retention when the bucket has Object Lock on. */
export async function putCheckpointObject(c: TCheckpoint, config: TS3Config = s3Config()!, client?: Pick<S3Client, "send">): Promise<string> {
  const sdk = await s3Sdk();
  const s3 = client ?? (await s3Client(config));
  const lock = await objectLock(config, s3);
  const Key = checkpointKey(config.prefix, c);
  await s3.send(
    new sdk.PutObjectCommand({
      Bucket: config.bucket,
      Key,
      Body: `${JSON.stringify(c)}\n`,
      ContentType: "application/json",
      // Never over another: a key is a checkpoint's whole content plus a signature, so one already
      // there is the same checkpoint (S3 refuses with 412 where it supports conditional writes).
      IfNoneMatch: "*",
      ...(lock.on ? { ObjectLockMode: "COMPLIANCE" as const, ObjectLockRetainUntilDate: new Date(Date.now() + lock.days * 86_400_000) } : {}),
    }),
  ).catch((e: { name?: string; $metadata?: { httpStatusCode?: number } }) => {
    if (e.$metadata?.httpStatusCode === 412) return; // written already: the same checkpoint
    throw e;
  });
  return Key;
}

export type TStoredCheckpoints = { location: string; checkpoints: Array<TCheckpoint & { line: number; key: string }>; malformed: Array<{ line: number; message: string }>; lock: TObjectLock };

/** Every checkpoint in the bucket, in key order (by event); `fromSeq`: only those of that event or later. */
export async function listCheckpointObjects(config: TS3Config = s3Config()!, opts: { fromSeq?: number } = {}): Promise<TStoredCheckpoints> {
  const sdk = await s3Sdk();
  const s3 = await s3Client(config);
  const folder = `${config.prefix}${CHECKPOINT_FOLDER}`;
  const out: TStoredCheckpoints = { location: `${s3Location(config)}${CHECKPOINT_FOLDER}`, checkpoints: [], malformed: [], lock: await objectLock(config, s3) };
  let token: string | undefined;
  let n = 0;
  do {
    const page = await s3.send(new sdk.ListObjectsV2Command({ Bucket: config.bucket, Prefix: folder, ContinuationToken: token, StartAfter: token || opts.fromSeq === undefined ? undefined : `${folder}${String(opts.fromSeq).padStart(20, "0")}` }));
    for (const o of page.Contents ?? []) {
      n++;
      const name = o.Key!.slice(folder.length);
      const c = parseCheckpointKey(name);
      if (c) out.checkpoints.push({ ...c, line: n, key: o.Key! });
      else out.malformed.push({ line: n, message: `object ${o.Key} is not a checkpoint Casebook writes` });
    }
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  return out;
}
