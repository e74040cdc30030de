import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { unzipSync } from "fflate";
import { beforeAll, describe, expect, it } from "vitest";
import { loadOrCreateSigningKey, type TSigningKey } from "../signing/key";
import { buildBag } from "./bag";
import { sampleBagInput } from "./bag-fixture";

let key: TSigningKey;
beforeAll(async () => {
  key = await loadOrCreateSigningKey(path.join(mkdtempSync(path.join(os.tmpdir(), "bag-test-")), "signing"));
});
const dec = (b: Uint8Array) => new TextDecoder().decode(b);

describe("buildBag", () => {
  it("lays the bag out as RFC 8493 says, with the signature files beside it", async () => {
    const input = sampleBagInput();
    const bag = await buildBag(input, key);
    const files = unzipSync(bag.zip);
    const root = "CB-2026-0007_export_ck123/";
    expect(Object.keys(files)).toEqual([
      "bagit.txt",
      "bag-info.txt",
      "data/CB-2026-0007-legal-referral.pdf",
      "data/natives/accounts.csv",
      "data/natives/exchanges.jsonl",
      "manifest-sha256.txt",
      "tagmanifest-sha256.txt",
      "tagmanifest-sha256.txt.sig",
      "signing-key.pem",
    ].map((f) => root + f));
    expect(dec(files[root + "bagit.txt"])).toBe("BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n");
    const octets = input.payload.reduce((n, f) => n + f.bytes.length, 0);
    expect(bag.oxum).toBe(`${octets}.3`);
    const info = dec(files[root + "bag-info.txt"]);
    expect(info).toBe(
      "Source-Organization: Example AI Lab, Trust & Safety\nCasebook-Case: CB-2026-0007\nCasebook-Export: ck123\nCasebook-Profile: legal_referral\nBagging-Date: 2026-11-30\n" +
        `Payload-Oxum: ${octets}.3\nCasebook-Signing-Key-SHA256: ${key.fingerprint}\n`,
    );
    const manifest = dec(files[root + "manifest-sha256.txt"]);
    expect(manifest.split("\n").filter(Boolean)).toEqual(bag.files.map((f) => `${f.sha256}  data/${f.path}`));
    expect(dec(files[root + "tagmanifest-sha256.txt"]).split("\n").filter(Boolean).map((l) => l.split("  ")[1])).toEqual(["bagit.txt", "bag-info.txt", "manifest-sha256.txt"]);
    expect(files[root + "tagmanifest-sha256.txt.sig"].length).toBe(64);
    expect(dec(files[root + "signing-key.pem"])).toBe(key.publicKeyPem);
    expect(bag.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it("is byte-identical when built twice, whatever the order of the payload", async () => {
    const a = await buildBag(sampleBagInput(), key);
    const input = sampleBagInput();
    input.payload.reverse();
    const b = await buildBag(input, key);
    expect(Buffer.from(b.zip).equals(Buffer.from(a.zip))).toBe(true);
    expect(b.sha256).toBe(a.sha256);
  });

  it("stamps every entry with createdAt in UTC and stores the PDF uncompressed", async () => {
    const { zip } = await buildBag(sampleBagInput(), key);
    const v = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
    // Local header of the first entry: time at 10, date at 12 (MS-DOS format, 2 s resolution).
    const time = v.getUint16(10, true);
    const date = v.getUint16(12, true);
    expect([(date >> 9) + 1980, (date >> 5) & 15, date & 31, time >> 11, (time >> 5) & 63, (time & 31) * 2]).toEqual([2026, 11, 30, 12, 34, 56]);
    const pdf = sampleBagInput().payload[0].bytes;
    expect(Buffer.from(zip).includes(Buffer.from(pdf))).toBe(true); // stored verbatim
  });

  it.each([
    [{ path: "", bytes: new Uint8Array() }, /empty/],
    [{ path: "/etc/passwd", bytes: new Uint8Array() }, /absolute/],
    [{ path: "C:/x.txt", bytes: new Uint8Array() }, /absolute/],
    [{ path: "natives/../../x.csv", bytes: new Uint8Array() }, /"\.\."/],
    [{ path: "natives\\x.csv", bytes: new Uint8Array() }, /backslash/],
    [{ path: "natives//x.csv", bytes: new Uint8Array() }, /empty segment/],
    [{ path: "a\nb.csv", bytes: new Uint8Array() }, /control character/],
    [{ path: "100%.csv", bytes: new Uint8Array() }, /"%"/],
    [{ path: " x.csv", bytes: new Uint8Array() }, /whitespace/],
  ])("refuses the payload path %j", async (file, message) => {
    const input = sampleBagInput();
    input.payload.push(file);
    await expect(buildBag(input, key)).rejects.toThrow(message);
  });

  it("refuses duplicate paths, case clashes and a file used as a folder", async () => {
    const dup = sampleBagInput();
    dup.payload.push({ path: "natives/accounts.csv", bytes: new Uint8Array([1]) });
    await expect(buildBag(dup, key)).rejects.toThrow('Payload path "natives/accounts.csv" is given twice');
    const caseClash = sampleBagInput();
    caseClash.payload.push({ path: "natives/Accounts.csv", bytes: new Uint8Array([1]) });
    await expect(buildBag(caseClash, key)).rejects.toThrow(/differ only in case/);
    const fileAsDir = sampleBagInput();
    fileAsDir.payload.push({ path: "natives/accounts.csv/x", bytes: new Uint8Array([1]) });
    await expect(buildBag(fileAsDir, key)).rejects.toThrow(/is a file/);
  });

  it("refuses bad bag names, reserved or broken bag-info fields and an empty payload", async () => {
    await expect(buildBag({ ...sampleBagInput(), name: "" }, key)).rejects.toThrow(/bag name is empty/);
    await expect(buildBag({ ...sampleBagInput(), name: "a/b" }, key)).rejects.toThrow(/contains "\/"/);
    await expect(buildBag({ ...sampleBagInput(), name: ".." }, key)).rejects.toThrow(/".."/);
    await expect(buildBag({ ...sampleBagInput(), info: [["Payload-Oxum", "1.1"]] }, key)).rejects.toThrow(/written by the bag builder/);
    await expect(buildBag({ ...sampleBagInput(), info: [["Bad: label", "x"]] }, key)).rejects.toThrow(/label/);
    await expect(buildBag({ ...sampleBagInput(), info: [["Note", "two\nlines"]] }, key)).rejects.toThrow(/line break/);
    await expect(buildBag({ ...sampleBagInput(), payload: [] }, key)).rejects.toThrow(/no payload/);
    await expect(buildBag({ ...sampleBagInput(), createdAt: new Date("1970-01-01T00:00:00Z") }, key)).rejects.toThrow(/1980/);
  });
});
