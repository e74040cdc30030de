import { randomUUID } from "node:crypto";
import bcrypt from "bcryptjs";
import { expect, test } from "./test";
import { e2eDb, signIn, signOut, USERS } from "./helpers";

test("every demo user can sign in and out", async ({ page }) => {
  for (const [who, email] of Object.entries(USERS)) {
    await signIn(page, email);
    await expect(page.getByRole("heading", { name: "Cases" }), who).toBeVisible();
    await signOut(page);
  }
  await page.goto("/cases");
  await expect(page).toHaveURL(/\/sign-in/);
});

test("a wrong password is refused with a clear message", async ({ page, consoleErrors }) => {
  consoleErrors.expectFailedLoad(401, "/api/auth/callback/credentials");
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(USERS.analyst);
  await page.getByLabel("Password").fill("not-the-password");
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Wrong email or password" })).toBeVisible();
  await expect(page).toHaveURL(/\/sign-in/);
});

test("a disabled user is out on their next request", async ({ page, consoleErrors }) => {
  consoleErrors.expectFailedLoad(401, "/api/auth/callback/credentials");
  const email = `temp-${randomUUID().slice(0, 8)}@casebook.local`;
  const client = e2eDb();
  await client.connect();
  try {
    await client.query(`INSERT INTO app_user (id, email, name, role, "passwordHash", "updatedAt") VALUES ($1, $2, 'Temp Analyst', 'analyst', $3, now())`, [
      `temp${randomUUID().replace(/-/g, "").slice(0, 20)}`,
      email,
      await bcrypt.hash("temp-password-123", 8),
    ]);
    await signIn(page, email, "temp-password-123");
    await client.query(`UPDATE app_user SET disabled = true WHERE email = $1`, [email]);
    await page.reload();
    await expect(page).toHaveURL(/\/sign-in/);
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill("temp-password-123");
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await expect(page.getByRole("alert").filter({ hasText: "Wrong email or password" })).toBeVisible();
  } finally {
    await client.end();
  }
});

test("after five wrong passwords the account is locked, and the form says for how long", async ({ page, consoleErrors }) => {
  consoleErrors.expectFailedLoad(401, "/api/auth/callback/credentials");
  const email = `locked-${randomUUID().slice(0, 8)}@casebook.local`;
  const client = e2eDb();
  await client.connect();
  try {
    await client.query(`INSERT INTO app_user (id, email, name, role, "passwordHash", "updatedAt") VALUES ($1, $2, 'Locked Analyst', 'analyst', $3, now())`, [
      `lock${randomUUID().replace(/-/g, "").slice(0, 20)}`,
      email,
      await bcrypt.hash("temp-password-123", 8),
    ]);
  } finally {
    await client.end();
  }
  await page.goto("/sign-in");
  const attempt = async (password: string) => {
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill(password);
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await expect(page.getByRole("button", { name: "Sign in", exact: true })).toBeEnabled();
  };
  for (let i = 0; i < 4; i++) {
    await attempt(`wrong-password-${i}`);
    await expect(page.getByRole("alert").filter({ hasText: "Wrong email or password" })).toBeVisible();
  }
  await attempt("wrong-password-4");
  const formAlert = page.getByRole("alert").filter({ hasText: /\S/ });
  await expect(formAlert).toHaveText("Too many attempts for this account. Try again in 15 minutes.");
  // Even the right password is refused while the lock lasts.
  await attempt("temp-password-123");
  await expect(formAlert).toHaveText(/^Too many attempts for this account\. Try again in 1[45] minutes\.$/);
  await expect(page).toHaveURL(/\/sign-in/);
});
