import { expect, test } from "./test";
import { signIn, USERS } from "./helpers";

test("a person creates an API token, sees it once, uses it, and revokes it", async ({ page, request }) => {
  await signIn(page, USERS.analyst);
  await page.getByRole("link", { name: "Settings" }).click();
  await expect(page.getByRole("heading", { name: "API tokens" })).toBeVisible();

  const name = `e2e pipeline ${Date.now()}`;
  await page.getByLabel("Token name").fill(name);
  await page.getByLabel("Expires").selectOption("30");
  await page.getByRole("button", { name: "Create token" }).click();

  await expect(page.getByText("Copy this token now; it will not be shown again")).toBeVisible();
  const token = await page.getByLabel("New API token").inputValue();
  expect(token).toMatch(/^cb_/);
  await expect(page.locator("pre.code-example")).toHaveText(new RegExp(`^curl -H "Authorization: Bearer ${token}" https?://[^ ]+/api/v1/cases$`));
  const row = page.getByRole("row").filter({ hasText: name });
  await expect(row).toContainText("active");

  // `request` is a separate context: no session cookie, only the token.
  const ok = await request.get("/api/v1/cases", { headers: { Authorization: `Bearer ${token}` } });
  expect(ok.status()).toBe(200);

  // Shown once: gone after a reload.
  await page.reload();
  await expect(page.getByText("Copy this token now; it will not be shown again")).toHaveCount(0);
  await expect(page.getByText(token)).toHaveCount(0);

  await row.getByRole("button", { name: `Revoke ${name}` }).click();
  await row.getByRole("button", { name: "Yes, revoke" }).click();
  await expect(row).toContainText("revoked");
  await expect(row.getByRole("button", { name: /Revoke/ })).toHaveCount(0);

  const denied = await request.get("/api/v1/cases", { headers: { Authorization: `Bearer ${token}` } });
  expect(denied.status()).toBe(401);
});
