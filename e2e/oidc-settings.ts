// The e2e OpenID provider's address, client and accounts: read by the provider (e2e/oidc-provider.ts),
// by playwright.config.ts (Casebook's SSO settings) and by the specs.
export const OIDC_PORT = Number(process.env.E2E_OIDC_PORT ?? 3190);
// 127.0.0.1, not localhost: the server listens on loopback IPv4 only, and Node may resolve localhost to ::1.
export const OIDC_ISSUER = `http://127.0.0.1:${OIDC_PORT}`;
export const OIDC_CLIENT = { id: "casebook-e2e", secret: "casebook-e2e-client-secret-not-secret" };

/** The login names the provider knows, and the email it vouches for under each. */
export const OIDC_ACCOUNTS = {
  // An existing demo user, in another case than Casebook stores: the match is case-insensitive.
  analyst: { email: "Analyst@Casebook.local", email_verified: true, name: "Someone Else Entirely" },
  unknown: { email: "nobody-here@example.org", email_verified: true, name: "Unknown Person" },
  unverified: { email: "analyst2@casebook.local", email_verified: false, name: "Unverified Claimant" },
  disabled: { email: "sso-disabled@casebook.local", email_verified: true, name: "Disabled Person" },
} as const;
