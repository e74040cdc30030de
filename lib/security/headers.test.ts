import { describe, expect, it } from "vitest";
import { AUTHENTICATED_CACHE_CONTROL, carriesCredentials, contentSecurityPolicy, newNonce, responseSecurityHeaders, STATIC_SECURITY_HEADERS } from "./headers";

describe("security headers", () => {
  it("allows only nonce'd scripts, no plugins, no framing, no base rewrite; eval only in development", () => {
    const csp = contentSecurityPolicy("abc123==", false);
    expect(csp).toContain("script-src 'self' 'nonce-abc123==' 'strict-dynamic'");
    expect(csp).not.toContain("unsafe-eval");
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    for (const d of ["object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'", "default-src 'self'"]) expect(csp).toContain(d);
    expect(contentSecurityPolicy("n", true)).toContain("'strict-dynamic' 'unsafe-eval'");
  });

  it("lets forms lead only to this site, plus the single sign-on issuer when there is one", () => {
    expect(contentSecurityPolicy("n", false)).toContain("form-action 'self';");
    const csp = contentSecurityPolicy("n", false, ["https://sso.example"]);
    expect(csp).toContain("form-action 'self' https://sso.example;");
    expect(csp.match(/sso\.example/g)).toHaveLength(1);
  });

  it("makes a fresh, unguessable nonce each time", () => {
    const a = newNonce();
    expect(a).toMatch(/^[A-Za-z0-9+/]{22}==$/);
    expect(newNonce()).not.toBe(a);
  });

  it("knows a session cookie (plain, __Secure-, chunked) or a bearer token", () => {
    expect(carriesCredentials(["next-auth.session-token"], null)).toBe(true);
    expect(carriesCredentials(["__Secure-next-auth.session-token.0"], null)).toBe(true);
    expect(carriesCredentials(["next-auth.csrf-token", "next-auth.callback-url"], null)).toBe(false);
    expect(carriesCredentials([], "Bearer cb_x")).toBe(true);
  });

  it("gives one response every header: the CSP with its nonce, the static ones, no-store only with credentials and never on build assets", () => {
    const policy = { nonce: "abc", dev: false };
    const signedIn = responseSecurityHeaders({ pathname: "/api/v1/cases/x/imports", cookieNames: ["next-auth.session-token"], authorization: null }, policy);
    expect(signedIn).toEqual({ "Content-Security-Policy": contentSecurityPolicy("abc", false), ...STATIC_SECURITY_HEADERS, "Cache-Control": AUTHENTICATED_CACHE_CONTROL });
    expect(responseSecurityHeaders({ pathname: "/sign-in", cookieNames: [], authorization: null }, policy)["Cache-Control"]).toBeUndefined();
    expect(responseSecurityHeaders({ pathname: "/_next/static/chunks/a.js", cookieNames: [], authorization: "Bearer cb_x" }, policy)["Cache-Control"]).toBeUndefined();
    expect(responseSecurityHeaders({ pathname: "/api/v1/cases", cookieNames: [], authorization: "Bearer cb_x" }, policy)["Cache-Control"]).toBe(AUTHENTICATED_CACHE_CONTROL);
  });
});
