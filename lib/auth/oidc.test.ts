import { describe, expect, it } from "vitest";
import { oidcClaims, refusalUrl } from "./oidc";

describe("single sign-on claims", () => {
  it("takes the email lowercased, and verified only when the provider says the boolean true", () => {
    expect(oidcClaims({ sub: "s1", email: " Ana@Example.ORG ", email_verified: true, name: "Ana" })).toEqual({ sub: "s1", email: "ana@example.org", emailVerified: true, name: "Ana" });
    expect(oidcClaims({ sub: "s1", email: "ana@example.org", email_verified: "true" }).emailVerified).toBe(false);
    expect(oidcClaims({ sub: "s1", email: "ana@example.org" }).emailVerified).toBe(false);
  });

  it("has no email when the claim is missing or is not an address", () => {
    expect(oidcClaims({ sub: "s1", email_verified: true }).email).toBeNull();
    expect(oidcClaims({ sub: "s1", email: "not an email", email_verified: true }).email).toBeNull();
  });

  it("sends a refusal to the sign-in page with a reason, and the email only for an unknown one", () => {
    expect(refusalUrl({ ok: false, reason: "unknown_user", email: "x@example.org" })).toBe("/sign-in?error=oidc_unknown_user&email=x%40example.org");
    expect(refusalUrl({ ok: false, reason: "disabled", email: "x@example.org" })).toBe("/sign-in?error=oidc_disabled");
  });
});
