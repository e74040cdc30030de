import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { bearerToken, hashToken, newToken } from "./token";

// A well-formed token and its SHA-256, computed once outside this code:
//   printf %s 'cb_0123456789ab_ABCDEFGHIJKLMNOPQRSTUVWXYZabcd-_' | sha256sum
const FIXED = "cb_0123456789ab_ABCDEFGHIJKLMNOPQRSTUVWXYZabcd-_";
const FIXED_SHA256 = "45bde483aac9b2a2a5346ec2eb0aa79be0c4b901b0b25d86b29e319e6f7c3802";
const FORMAT = /^cb_([0-9a-f]{12})_([A-Za-z0-9_-]{32})$/;
const BASE64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

describe("api tokens", () => {
  it("stores the SHA-256 of the whole token, in hex", () => {
    expect(hashToken(FIXED)).toBe(FIXED_SHA256);
  });

  it("makes tokens cb_<12 hex>_<32 base64url> whose prefix is cb_<id> and whose hash is of the whole token", () => {
    const t = newToken();
    const m = FORMAT.exec(t.token);
    expect(m, t.token).not.toBeNull();
    expect(t.prefix).toBe(`cb_${m![1]}`);
    expect(t.hash).toBe(createHash("sha256").update(t.token, "utf8").digest("hex"));
  });

  it("draws ids and secrets at random: none repeats, and secrets use the whole base64url alphabet", () => {
    const tokens = Array.from({ length: 500 }, () => FORMAT.exec(newToken().token)!);
    const ids = tokens.map((m) => m[1]);
    const secrets = tokens.map((m) => m[2]);
    expect(new Set(ids).size).toBe(500);
    expect(new Set(secrets).size).toBe(500);
    // 16,000 random base64url characters miss one of the 64 with a chance of about 1e-107; a
    // secret drawn from a smaller alphabet (hex, say) still fits the format but fails here.
    expect(new Set(secrets.join("")).size).toBe(BASE64URL.length);
    expect(new Set(ids.join("")).size).toBe(16);
  });

  it("reads only well-formed bearer headers", () => {
    const { token } = newToken();
    expect(bearerToken(`Bearer ${token}`)).toBe(token);
    expect(bearerToken(`Bearer ${FIXED}`)).toBe(FIXED);
    expect(bearerToken(`Bearer   ${FIXED}  `)).toBe(FIXED);
    expect(bearerToken(`bearer ${FIXED}`)).toBeNull();
    expect(bearerToken(FIXED)).toBeNull();
    expect(bearerToken(`Basic Bearer ${FIXED}`)).toBeNull();
    expect(bearerToken(`Bearer ${FIXED} extra`)).toBeNull();
    expect(bearerToken(`Bearer ${FIXED}A`)).toBeNull();
    expect(bearerToken(`Bearer ${FIXED.slice(0, -1)}`)).toBeNull();
    expect(bearerToken(`Bearer ${FIXED.replace("ab_", "AB_")}`)).toBeNull();
    expect(bearerToken(`Bearer ${FIXED.replace("-_", "+/")}`)).toBeNull();
    expect(bearerToken("Bearer cb_zz")).toBeNull();
    expect(bearerToken(null)).toBeNull();
  });
});
