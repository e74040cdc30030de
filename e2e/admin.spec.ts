import { randomUUID } from "node:crypto";
import { expect, test } from "./test";
import { signIn, signOut, USERS } from "./helpers";

test("an admin creates a user with a generated password, who signs in and is out once disabled", async ({ page, browser, consoleErrors }) => {
  consoleErrors.expectFailedLoad(404, "/admin/users"); // a non-admin asks for the admin page
  consoleErrors.expectFailedLoad(401, "/api/auth/callback/credentials"); // the disabled user tries to sign in
  const tag = randomUUID().slice(0, 8);
  const email = `new-${tag}@casebook.local`;
  const name = `New Analyst ${tag}`;

  await signIn(page, USERS.admin);
  await page.getByRole("link", { name: "Users", exact: true }).click();
  await expect(page.getByRole("heading", { name: "Users", exact: true })).toBeVisible();

  // The form's own errors first: an empty name and a short password.
  await page.getByLabel("Email", { exact: true }).fill(email);
  await page.getByLabel("Password (leave empty to generate)").fill("short");
  await page.getByRole("button", { name: "Create user" }).click();
  await expect(page.getByText("Enter a name.")).toBeVisible();
  await expect(page.getByText("Use at least 12 characters")).toBeVisible();

  await page.getByLabel("Name", { exact: true }).fill(name);
  await page.getByLabel("Role", { exact: true }).selectOption("analyst");
  await page.getByLabel("Password (leave empty to generate)").fill("");
  await page.getByRole("button", { name: "Create user" }).click();
  await expect(page.getByText("Copy this password now; it will not be shown again")).toBeVisible();
  const password = await page.getByLabel("Generated password").inputValue();
  expect(password.length).toBeGreaterThanOrEqual(12);
  await expect(page.getByRole("row").filter({ hasText: email })).toContainText("Active");

  // The same email again is refused on the field.
  await page.getByLabel("Name", { exact: true }).fill("Someone Else");
  await page.getByLabel("Email", { exact: true }).fill(email);
  await page.getByRole("button", { name: "Create user" }).click();
  await expect(page.getByText("A user with this email already exists.")).toBeVisible();
  await signOut(page);

  // The new user signs in, in their own browser, and has no admin pages.
  const theirs = await browser.newContext();
  const them = await theirs.newPage();
  try {
    await signIn(them, email, password);
    await expect(them.getByRole("heading", { name: "Cases" })).toBeVisible();
    await expect(them.getByRole("link", { name: "Users", exact: true })).toHaveCount(0);
    await them.goto("/admin/users");
    await expect(them.getByRole("heading", { name: "Page not found" })).toBeVisible();
    await them.goto("/cases");

    // The admin disables them.
    await signIn(page, USERS.admin);
    await page.goto("/admin/users");
    await page.getByRole("link", { name, exact: true }).click();
    await expect(page.getByRole("heading", { name, exact: true })).toBeVisible();
    await page.getByRole("button", { name: "Disable" }).click();
    await expect(page.getByRole("button", { name: "Enable" })).toBeVisible();
    await expect(page.getByText("This account is disabled")).toBeVisible();

    // Their next page load goes to the sign-in page, and they cannot sign in again.
    await them.reload();
    await expect(them).toHaveURL(/\/sign-in/);
    await them.getByLabel("Email").fill(email);
    await them.getByLabel("Password").fill(password);
    await them.getByRole("button", { name: "Sign in", exact: true }).click();
    await expect(them.getByRole("alert").filter({ hasText: "Wrong email or password" })).toBeVisible();
  } finally {
    await theirs.close();
  }
});

test("an admin sees the last signed audit checkpoint and verifies the log", async ({ page }) => {
  await signIn(page, USERS.admin);
  await page.getByRole("link", { name: "Audit log", exact: true }).click();
  await expect(page.getByRole("heading", { name: "Audit log", exact: true })).toBeVisible();
  // The worker signs the head when it starts.
  await expect(page.getByTestId("last-checkpoint")).toContainText("Key fingerprint");
  await page.getByRole("button", { name: "Verify now" }).click();
  await expect(page.getByTestId("audit-verdict")).toContainText(/^Intact\. \d+ events, head at event \d+; \d+ checkpoint\(s\), the last covering event \d+\./);
});
