// Signed audit checkpoints in the object store (CASEBOOK_CHECKPOINT_STORE=s3), against a real S3
// API server: written one object each, read back and verified from there by the one verifier, a
// forged object named, and the store's lack of Object Lock said (s3rver has none).
import { existsSync, statSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ListObjectsV2Command, PutObjectCommand, DeleteObjectCommand } from "@aws-sdk/client-s3";
import { runAction } from "../lib/action";
import { checkpointFile, checkpointIfMoved, checkpointSummary, readCheckpoints, writeCheckpoint } from "../lib/audit/checkpoints";
import { CHECKPOINT_FOLDER, checkpointKey, parseCheckpointKey } from "../lib/audit/checkpoints-s3";
import { verifyAuditLog } from "../lib/audit/verify";
import { addCommentAction } from "../lib/cases/mutations";
import { s3Client, s3Config } from "../lib/storage/s3";
import { makeCase, makeUser } from "./fixtures";
import { envChanges } from "./helpers/env";
import { startS3Server, type TS3Server } from "./helpers/s3-server";

let s3: TS3Server;
const env = envChanges();
const setEnv = env.set;

beforeAll(async () => {
  s3 = await startS3Server("casebook-checkpoints");
  setEnv({ ...s3.env, CASEBOOK_S3_PREFIX: "lab-a/", CASEBOOK_CHECKPOINT_STORE: "s3" });
});
afterAll(async () => {
  env.restore();
  await s3.stop();
});

const objects = async () => {
  const list = await (await s3Client()).send(new ListObjectsV2Command({ Bucket: s3.bucket, Prefix: `lab-a/${CHECKPOINT_FOLDER}` }));
  return (list.Contents ?? []).map((o) => o.Key!);
};
const fileSize = () => (existsSync(checkpointFile()) ? statSync(checkpointFile()).size : 0);

describe("audit checkpoints in the object store", () => {
  it("writes each checkpoint as one object named by its content, and the verifier reads them from there", async () => {
    const lead = await makeUser("analyst");
    const c = await makeCase(lead);
    expect((await runAction(addCommentAction, lead, { caseId: c.id, body: "one" })).ok).toBe(true);
    const fileBefore = fileSize();
    const cp = (await writeCheckpoint("test"))!;
    expect(await objects()).toEqual([checkpointKey("lab-a/", cp)]);
    expect(parseCheckpointKey(checkpointKey("lab-a/", cp).slice(`lab-a/${CHECKPOINT_FOLDER}`.length))).toEqual({ seq: cp.seq, hash: cp.hash, at: cp.at, sig: cp.sig, keyFingerprint: cp.keyFingerprint });
    expect(fileSize()).toBe(fileBefore); // not the file: the bucket only

    // Nothing moved: no second checkpoint. One more event: one more, in event order.
    expect(await checkpointIfMoved("interval")).toBeNull();
    expect((await runAction(addCommentAction, lead, { caseId: c.id, body: "two" })).ok).toBe(true);
    const next = (await checkpointIfMoved("interval"))!;
    expect(next.seq).toBeGreaterThan(cp.seq);
    expect(await objects()).toEqual([checkpointKey("lab-a/", cp), checkpointKey("lab-a/", next)]);

    const read = await readCheckpoints();
    expect(read.file).toBe(`s3://casebook-checkpoints/lab-a/${CHECKPOINT_FOLDER}`);
    expect(read.checkpoints.map((x) => x.seq)).toEqual([cp.seq, next.seq]);
    const v = await verifyAuditLog();
    expect(v).toMatchObject({ ok: true, problems: [], checkpoints: 2, checkpointFile: read.file, lastCheckpoint: { seq: next.seq, hash: next.hash } });
    expect(v.warnings.join("\n")).toContain(`the checkpoints in ${read.file} are not under Object Lock`);
    expect(await checkpointSummary()).toMatchObject({ file: read.file, inObjectStore: true, count: 2, last: { seq: next.seq } });
  });

  it("names a forged checkpoint object", async () => {
    const client = await s3Client();
    const [first] = await readCheckpoints().then((r) => r.checkpoints);
    expect(first).toBeDefined();
    const forged = { ...first, hash: "f".repeat(64) };
    const key = checkpointKey(s3Config()!.prefix, forged);
    await client.send(new PutObjectCommand({ Bucket: s3.bucket, Key: key, Body: JSON.stringify(forged) }));
    try {
      const v = await verifyAuditLog();
      expect(v.ok).toBe(false);
      expect(v.problems).toContainEqual(expect.objectContaining({ kind: "bad_signature", seq: String(first.seq) }));
      expect(v.problems.map((p) => p.message).join("\n")).toContain(`s3://casebook-checkpoints/lab-a/${CHECKPOINT_FOLDER}`);
    } finally {
      await client.send(new DeleteObjectCommand({ Bucket: s3.bucket, Key: key }));
    }
    expect((await verifyAuditLog()).ok).toBe(true);
  });
});
