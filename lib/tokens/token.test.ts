import { describe, expect, it } from "vitest";
import { bearerToken, hashToken, newToken } from "./token";

describe("api tokens", () => {
  it("makes tokens whose hash, not the token, identifies them", () => {
    const t = newToken();
    expect(t.token.startsWith(`${t.prefix}_`)).toBe(true);
    expect(t.hash).toBe(hashToken(t.token));
    expect(t.hash).not.toContain(t.token.slice(16));
    expect(newToken().token).not.toBe(t.token);
  });

  it("reads only well-formed bearer headers", () => {
    const { token } = newToken();
    expect(bearerToken(`Bearer ${token}`)).toBe(token);
    expect(bearerToken(`bearer ${token}`)).toBeNull();
    expect(bearerToken("Bearer cb_zz")).toBeNull();
    expect(bearerToken(null)).toBeNull();
  });
});
