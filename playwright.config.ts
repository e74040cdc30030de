import { defineConfig, devices } from "@playwright/test";
import { chromiumLaunchOptions } from "./e2e/chromium";
import { OIDC_CLIENT, OIDC_ISSUER } from "./e2e/oidc-settings";
import { E2E_METRICS_TOKEN, E2E_WEB_PROCESSES } from "./e2e/ops-settings";

// End-to-end tests drive a real Chromium (see e2e/chromium.ts) against the production build
// (`npm run build` first), served by the same start script users run, on a throwaway embedded
// database under .data/e2e. Beside it runs a real OpenID provider (e2e/oidc-provider.ts) that
// Casebook is configured to offer as single sign-on.

const PORT = Number(process.env.E2E_PORT ?? 3100);

export default defineConfig({
  testDir: "e2e",
  fullyParallel: false,
  workers: 1,
  forbidOnly: true,
  retries: 0,
  // Waits are guards against a hang, never checks: with npm run bench on both cores, a first sign-in
  // (bcrypt, a cold server) took over 10 s. A test's bound is its work, not the clock.
  timeout: 120_000,
  expect: { timeout: 30_000 },
  reporter: process.env.CI ? [["list"]] : [["list"], ["html", { open: "never" }]],
  use: {
    baseURL: `http://localhost:${PORT}`,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
  },
  projects: [
    {
      name: "chromium",
      use: {
        ...devices["Desktop Chrome"],
        launchOptions: chromiumLaunchOptions,
      },
    },
  ],
  webServer: [
    {
      command: "npx tsx e2e/oidc-provider.ts",
      url: `${OIDC_ISSUER}/.well-known/openid-configuration`,
      timeout: 30_000,
      reuseExistingServer: false,
      stdout: "ignore",
      stderr: "pipe",
      gracefulShutdown: { signal: "SIGTERM", timeout: 5_000 },
      env: { E2E_PORT: String(PORT) },
    },
    {
      command: "rm -rf .data/e2e && npx tsx scripts/start.ts --no-build",
      url: `http://localhost:${PORT}/sign-in`,
      timeout: 180_000,
      reuseExistingServer: false,
      stdout: "pipe",
      stderr: "pipe",
      gracefulShutdown: { signal: "SIGTERM", timeout: 20_000 },
      env: {
        PORT: String(PORT),
        CASEBOOK_DATA_DIR: ".data/e2e",
        CASEBOOK_PG_PORT: process.env.E2E_PG_PORT ?? "54339",
        DATABASE_URL: "",
        AUTH_SECRET: "",
        CASEBOOK_OIDC_ISSUER: OIDC_ISSUER,
        CASEBOOK_OIDC_CLIENT_ID: OIDC_CLIENT.id,
        CASEBOOK_OIDC_CLIENT_SECRET: OIDC_CLIENT.secret,
        CASEBOOK_OIDC_NAME: "Test SSO",
        CASEBOOK_METRICS_TOKEN: E2E_METRICS_TOKEN,
        CASEBOOK_WEB_PROCESSES: String(E2E_WEB_PROCESSES),
      },
    },
  ],
});
