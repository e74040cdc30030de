import { generateKeyPairSync, sign } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { checkpointMessage, checkpointSignatureValid, lastOf, readCheckpoints } from "./checkpoints";

const { privateKey, publicKey } = generateKeyPairSync("ed25519");
const pem = publicKey.export({ type: "spki", format: "pem" }).toString();
const signed = (seq: number, at = "2026-12-01T10:00:00.000Z") => {
  const body = { seq, hash: String(seq % 10).repeat(64), at };
  return { ...body, sig: sign(null, checkpointMessage(body), privateKey).toString("base64"), keyFingerprint: "f".repeat(64) };
};

describe("audit checkpoints file", () => {
  it("signs exactly (seq, hash, time): change any and the signature fails", () => {
    const c = signed(7);
    expect(checkpointSignatureValid(c, pem)).toBe(true);
    expect(checkpointSignatureValid({ ...c, seq: 8 }, pem)).toBe(false);
    expect(checkpointSignatureValid({ ...c, hash: "a".repeat(64) }, pem)).toBe(false);
    expect(checkpointSignatureValid({ ...c, at: "2026-12-01T10:00:01.000Z" }, pem)).toBe(false);
    expect(checkpointSignatureValid({ ...c, sig: "not base64 at all" }, pem)).toBe(false);
  });

  it("reads lines, sets torn ones aside and names the malformed", async () => {
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), "cp-")), "cp.jsonl");
    expect(await readCheckpoints(file)).toEqual({ file, checkpoints: [], malformed: [], torn: [] });
    const lines = [JSON.stringify(signed(3)), JSON.stringify(signed(9)).slice(0, 30), JSON.stringify(signed(5)), `{"seq":"x"}`, JSON.stringify(signed(4)).slice(0, 50)];
    writeFileSync(file, lines.join("\n"));
    const r = await readCheckpoints(file);
    expect(r.checkpoints.map((c) => [c.line, c.seq])).toEqual([[1, 3], [3, 5]]);
    expect(r.torn).toEqual([2, 5]);
    expect(r.malformed).toEqual([{ line: 4, message: expect.stringMatching(/^line 4: seq: /) }]);
    expect(lastOf(r.checkpoints)!.seq).toBe(5);
  });
});
