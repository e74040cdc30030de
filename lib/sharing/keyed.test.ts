import { createHash, createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { keyedValue, keyFingerprint, normalise } from "./keyed";

const keyA = new Uint8Array(32).map((_, i) => i + 1);
const keyB = new Uint8Array(32).map((_, i) => 255 - i);

describe("normalise", () => {
  it("trims and lowercases emails and domains, and takes a domain from after an email's last @", () => {
    expect(normalise("email", "  Mallory.Harvest@Example-Mail.COM \n")).toBe("mallory.harvest@example-mail.com");
    expect(normalise("email_domain", " Example-Mail.COM ")).toBe("example-mail.com");
    expect(normalise("email_domain", '"odd@local"@Example-Mail.COM')).toBe("example-mail.com");
  });

  it("only trims payment fingerprints, org ids and account ids, whose case is significant", () => {
    expect(normalise("payment_fingerprint", " FP_9f8E7d ")).toBe("FP_9f8E7d");
    expect(normalise("org_id", "\u00a0Org-7Hq2LmN\t")).toBe("Org-7Hq2LmN");
    expect(normalise("account_id", " acct_01HZX3 ")).toBe("acct_01HZX3");
  });
});

describe("keyedValue", () => {
  it("is lowercase hex HMAC-SHA256 of `kind:normalised value` under the partner key", () => {
    const expected = createHmac("sha256", keyA).update("email:mallory.harvest@example-mail.com", "utf8").digest("hex");
    expect(keyedValue(keyA, "email", "  Mallory.Harvest@Example-Mail.COM ")).toBe(expected);
    expect(expected).toMatch(/^[0-9a-f]{64}$/);
  });

  it("hashes non-ASCII text as UTF-8", () => {
    const value = "组织-北京-שלום";
    expect(keyedValue(keyA, "org_id", value)).toBe(createHmac("sha256", keyA).update(Buffer.from(`org_id:${value}`, "utf8")).digest("hex"));
  });

  it("gives unrelated values for the same text under two kinds, and under two partners' keys", () => {
    expect(keyedValue(keyA, "email", "same-text@x.example")).not.toBe(keyedValue(keyA, "account_id", "same-text@x.example"));
    expect(keyedValue(keyA, "email", "a@x.example")).not.toBe(keyedValue(keyB, "email", "a@x.example"));
  });

  it("refuses a key that is not 32 bytes and a value that is empty once trimmed", () => {
    expect(() => keyedValue(new Uint8Array(16), "email", "a@x.example")).toThrow(/32 bytes; this one has 16/);
    expect(() => keyedValue(keyA, "account_id", "   ")).toThrow(/empty account_id/);
  });
});

describe("keyFingerprint", () => {
  it("is the first 16 hex characters of SHA-256 of the key, and differs between keys", () => {
    expect(keyFingerprint(keyA)).toBe(createHash("sha256").update(keyA).digest("hex").slice(0, 16));
    expect(keyFingerprint(keyA)).not.toBe(keyFingerprint(keyB));
  });
});
