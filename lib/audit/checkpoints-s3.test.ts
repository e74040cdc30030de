// The checkpoint object's name carries the whole checkpoint, and its write asks for COMPLIANCE
// retention exactly when the bucket says Object Lock is on. No S3 server here gives Object Lock
// (s3rver has none: tests/checkpoints-s3.int.test.ts covers the real round trip), so the SDK
// client's send() is replaced to see the requests it would make.
import { describe, expect, it } from "vitest";
import { CHECKPOINT_FOLDER, checkpointKey, objectLock, parseCheckpointKey, putCheckpointObject } from "./checkpoints-s3";
import type { TCheckpoint } from "./checkpoints";

const cp: TCheckpoint = { seq: 41, hash: "a".repeat(64), at: "2026-12-07T19:00:00.123Z", sig: Buffer.alloc(64, 7).toString("base64"), keyFingerprint: "b".repeat(64), reason: "interval" };
const config = (bucket: string) => ({ bucket, prefix: "lab/", region: "us-east-1", forcePathStyle: true });

function recordingClient(lock: "Enabled" | "absent" | "error") {
  const sent: Array<{ name: string; input: Record<string, unknown> }> = [];
  return {
    sent,
    async send(command: { constructor: { name: string }; input: Record<string, unknown> }) {
      sent.push({ name: command.constructor.name, input: command.input });
      if (command.constructor.name === "GetObjectLockConfigurationCommand") {
        if (lock === "error") throw Object.assign(new Error("no"), { name: "NotImplemented" });
        return lock === "Enabled" ? { ObjectLockConfiguration: { ObjectLockEnabled: "Enabled" } } : {};
      }
      return {};
    },
  };
}

describe("checkpoint objects", () => {
  it("name the whole checkpoint, in segments a file-backed store takes, sorted by event", () => {
    const key = checkpointKey("lab/", cp);
    expect(key.startsWith(`lab/${CHECKPOINT_FOLDER}00000000000000000041/`)).toBe(true);
    for (const segment of key.split("/")) expect(segment.length).toBeLessThan(255);
    const { reason: _reason, ...signed } = cp;
    expect(parseCheckpointKey(key.slice(`lab/${CHECKPOINT_FOLDER}`.length))).toEqual(signed);
    expect(checkpointKey("", { ...cp, seq: 9 }) < checkpointKey("", { ...cp, seq: 10 })).toBe(true);
    expect(parseCheckpointKey("00000000000000000041/not-a-hash/1/2/3")).toBeNull();
  });

  it("are written under COMPLIANCE retention when the bucket has Object Lock on", async () => {
    const client = recordingClient("Enabled");
    const before = Date.now();
    await putCheckpointObject(cp, config("locked-bucket"), client as never);
    expect(await objectLock(config("locked-bucket"))).toEqual({ on: true, days: 2557 });
    const put = client.sent.find((s) => s.name === "PutObjectCommand")!;
    expect(put.input).toMatchObject({ Bucket: "locked-bucket", Key: checkpointKey("lab/", cp), ObjectLockMode: "COMPLIANCE", IfNoneMatch: "*" });
    const until = (put.input.ObjectLockRetainUntilDate as Date).getTime();
    expect(until).toBeGreaterThanOrEqual(before + 2557 * 86_400_000);
    expect(JSON.parse(put.input.Body as string)).toEqual(cp);
  });

  it("are written without retention, and say why, when the store has no Object Lock", async () => {
    for (const [bucket, lock] of [["plain-bucket", "absent"], ["old-store", "error"]] as const) {
      const client = recordingClient(lock);
      await putCheckpointObject(cp, config(bucket), client as never);
      const put = client.sent.find((s) => s.name === "PutObjectCommand")!;
      expect(put.input.ObjectLockMode).toBeUndefined();
      expect(await objectLock(config(bucket))).toMatchObject({ on: false, why: lock === "absent" ? "Object Lock is not enabled on the bucket" : "the store has no Object Lock (asked for it, it answered NotImplemented)" });
    }
  });
});
