// A real OpenID provider for the single sign-on specs (e2e/oidc.spec.ts): the npm `oidc-provider`
// package on a loopback port, with its development login and consent pages (any login name is
// accepted, and names one of the accounts below). playwright.config.ts starts it as a web server
// beside Casebook, so it is up for the whole run and stopped at the end.
import Provider from "oidc-provider";
import { OIDC_ACCOUNTS, OIDC_CLIENT, OIDC_ISSUER, OIDC_PORT } from "./oidc-settings";

function start() {
  const appPort = Number(process.env.E2E_PORT ?? 3100);
  const provider = new Provider(OIDC_ISSUER, {
    clients: [
      {
        client_id: OIDC_CLIENT.id,
        client_secret: OIDC_CLIENT.secret,
        redirect_uris: [`http://localhost:${appPort}/api/auth/callback/oidc`],
        grant_types: ["authorization_code"],
        response_types: ["code"],
      },
    ],
    claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name"] },
    // Casebook reads the claims from the ID token (as most providers send them), not from userinfo.
    conformIdTokenClaims: false,
    features: { devInteractions: { enabled: true } },
    async findAccount(_ctx, sub) {
      const account = OIDC_ACCOUNTS[sub as keyof typeof OIDC_ACCOUNTS];
      if (!account) return undefined;
      return { accountId: sub, claims: async () => ({ sub, ...account }) };
    },
  });
  const server = provider.listen(OIDC_PORT, "127.0.0.1", () => console.log(`oidc-provider: ${OIDC_ISSUER}`));
  const stop = () => server.close(() => process.exit(0));
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

start();
