// Single sign-on through a real OpenID provider (e2e/oidc-provider.ts, started by playwright.config.ts):
// the browser goes to the provider's own login and consent pages and back, as it would in production.
import type { Page } from "@playwright/test";
import { e2eDb, USERS } from "./helpers";
import { OIDC_ACCOUNTS } from "./oidc-settings";
import { expect, test } from "./test";

test.beforeEach(async ({ page }) => {
  // The provider's development login page imports a web font; no test leaves the machine.
  await page.route("https://fonts.googleapis.com/**", (r) => r.fulfill({ status: 200, contentType: "text/css", body: "" }));
});

/** Sign-in page → "Sign in with Test SSO" → the provider's login (any password) and consent → back. */
async function signInAtProvider(page: Page, login: keyof typeof OIDC_ACCOUNTS) {
  await page.goto("/sign-in");
  await page.getByRole("button", { name: "Sign in with Test SSO" }).click();
  await expect(page).toHaveURL(/^http:\/\/127\.0\.0\.1:\d+\/interaction\//);
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill("any-password");
  await page.getByRole("button", { name: "Sign-in" }).click();
  await page.getByRole("button", { name: "Continue" }).click();
}

async function auditEvents(action: string, email: string) {
  const client = e2eDb();
  await client.connect();
  try {
    const r = await client.query<{ data: Record<string, unknown>; actorLabel: string }>(
      `SELECT data, "actorLabel" FROM audit_event WHERE action = $1 AND data->>'email' = $2 ORDER BY seq`,
      [action, email],
    );
    return r.rows;
  } finally {
    await client.end();
  }
}

test("a verified email of a Casebook user signs in as that user, and the audit log says so", async ({ page }) => {
  const before = (await auditEvents("auth.signIn", USERS.analyst)).length;
  await signInAtProvider(page, "analyst");
  await expect(page).toHaveURL(/\/cases$/);
  await expect(page.getByRole("heading", { name: "Cases" })).toBeVisible();
  // The Casebook account's name, not the one the provider sent.
  await page.goto("/settings");
  await expect(page.getByText("Ana Lyst").first()).toBeVisible();
  await expect(page.getByText(OIDC_ACCOUNTS.analyst.name)).toHaveCount(0);

  const after = await auditEvents("auth.signIn", USERS.analyst);
  expect(after).toHaveLength(before + 1);
  expect(after.at(-1)!.data).toMatchObject({ email: USERS.analyst, via: "oidc" });
  expect(after.at(-1)!.actorLabel).toContain("Ana Lyst");
});

test("a verified email with no Casebook account is refused with a clear message", async ({ page }) => {
  await signInAtProvider(page, "unknown");
  await expect(page).toHaveURL(/\/sign-in\?/);
  await expect(page.getByRole("alert").and(page.locator(".form-error"))).toHaveText(`No Casebook account for ${OIDC_ACCOUNTS.unknown.email}. Ask an admin to add you.`);
  await page.goto("/cases");
  await expect(page).toHaveURL(/\/sign-in/);
  expect((await auditEvents("auth.signInFailed", OIDC_ACCOUNTS.unknown.email)).at(-1)?.data).toMatchObject({ reason: "unknown_user", via: "oidc" });
});

test("an email the provider has not verified is refused, even when it names a Casebook user", async ({ page }) => {
  await signInAtProvider(page, "unverified");
  await expect(page).toHaveURL(/\/sign-in\?/);
  await expect(page.getByRole("alert").and(page.locator(".form-error"))).toHaveText(/has not verified your email address/);
  await page.goto("/cases");
  await expect(page).toHaveURL(/\/sign-in/);
  expect((await auditEvents("auth.signInFailed", OIDC_ACCOUNTS.unverified.email)).at(-1)?.data).toMatchObject({ reason: "unverified_email", via: "oidc" });
});

test("a disabled Casebook user is refused", async ({ page }) => {
  const email = OIDC_ACCOUNTS.disabled.email;
  const client = e2eDb();
  await client.connect();
  try {
    await client.query(
      `INSERT INTO app_user (id, email, name, role, disabled, "updatedAt") VALUES ('ssodisabled0000000000000', $1, 'Dee Sabled', 'analyst', true, now())
       ON CONFLICT (email) DO UPDATE SET disabled = true`,
      [email],
    );
  } finally {
    await client.end();
  }
  await signInAtProvider(page, "disabled");
  await expect(page).toHaveURL(/\/sign-in\?/);
  await expect(page.getByRole("alert").and(page.locator(".form-error"))).toHaveText("This Casebook account is disabled. Ask an admin.");
  await page.goto("/cases");
  await expect(page).toHaveURL(/\/sign-in/);
  expect((await auditEvents("auth.signInFailed", email)).at(-1)?.data).toMatchObject({ reason: "disabled", via: "oidc" });
});
