import { createHash } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Page } from "@playwright/test";
import { expect, test } from "./test";
import { signIn, USERS } from "./helpers";

// The fixtures live in the repo (copies of shared/formats samples, plus hostile and broken files),
// so the test never depends on paths outside it. Playwright runs from the repo root (see helpers.ts).
const fixture = (name: string) => path.resolve("e2e", "fixtures", name);

const IMPORT_TIMEOUT = 30_000;

async function importFile(page: Page, file: string) {
  await page.getByLabel("File to import").setInputFiles(fixture(file));
}

async function expectImportFinished(page: Page, text: string | RegExp) {
  await expect(page.getByRole("progressbar", { name: "Import progress" })).toHaveAttribute("aria-valuenow", "100", { timeout: IMPORT_TIMEOUT });
  await expect(page.getByText(text)).toBeVisible({ timeout: IMPORT_TIMEOUT });
}

/** Opens a case with this title from the case list; returns its id. */
async function openNewCase(page: Page, title: string): Promise<string> {
  await page.getByRole("link", { name: "New case" }).click();
  await page.getByLabel("Title").fill(title);
  await page.getByRole("button", { name: "Create case" }).click();
  await expect(page.getByRole("heading", { name: title })).toBeVisible();
  return new URL(page.url()).pathname.split("/")[2];
}

function accountsCount(page: Page) {
  return page.locator(".count-card", { has: page.getByText("Accounts", { exact: true }) }).locator(".count-value");
}

test("an analyst imports accounts and exchanges, reads a hostile sample safely, and a broken file changes nothing", async ({ page }) => {
  test.setTimeout(120_000);
  await signIn(page, USERS.analyst);

  // A fresh case, so the sample ids cannot clash with the demo data.
  await openNewCase(page, `Ingestion check ${Date.now()}`);

  // Accounts: import, watch it finish, find one.
  await page.getByRole("link", { name: "Accounts", exact: true }).click();
  await expect(page.getByRole("heading", { name: "Import accounts" })).toBeVisible();
  await importFile(page, "accounts.sample.csv");
  await expectImportFinished(page, "Imported 8 accounts, 2 new clusters");
  await expect(page.getByText("8 accounts match")).toBeVisible();
  await expect(page.getByRole("link", { name: "hydra-A" })).toBeVisible();

  await page.getByLabel("Search").fill("acct_8b0c10");
  await expect(page).toHaveURL(/q=acct_8b0c10/);
  await expect(page.getByText("1 account matches")).toBeVisible();
  await expect(page.getByRole("cell", { name: "acct_8b0c10" })).toBeVisible();
  await expect(page.getByRole("cell", { name: "acct_7f3a91" })).toHaveCount(0);

  // The same file again is recognised and changes nothing.
  await importFile(page, "accounts.sample.csv");
  await expect(page.getByText(/This file was already imported on .*; nothing changed/)).toBeVisible({ timeout: IMPORT_TIMEOUT });

  // Exchanges: the sample file, then one whose prompt is an XSS attempt.
  await page.getByRole("link", { name: "Exchanges", exact: true }).click();
  await expect(page.getByRole("heading", { name: "Import exchanges" })).toBeVisible();
  await importFile(page, "exchanges.sample.jsonl");
  await expectImportFinished(page, "Imported 7 exchanges (5 samples)");
  await importFile(page, "exchanges-hostile.jsonl");
  await expectImportFinished(page, "Imported 1 exchange (1 sample)");

  await page.getByRole("button", { name: "View exchange ex_hostile_0001" }).click();
  const dialog = page.getByRole("dialog", { name: "Exchange ex_hostile_0001" });
  await expect(dialog).toBeVisible();
  await expect(dialog.locator("pre").first()).toHaveText(`<script>window.__pwned=1</script><img src=x onerror="window.__pwned=2">`);
  await expect(dialog.getByText("<b>bold?</b> **not markdown**")).toBeVisible();
  await expect(dialog.locator("img")).toHaveCount(0);
  await expect(dialog.locator("script")).toHaveCount(0);
  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  await page.keyboard.press("Escape");
  await expect(dialog).toHaveCount(0);

  // An exchange without text says so.
  await page.getByRole("button", { name: "View exchange ex_000003" }).click();
  const meta = page.getByRole("dialog", { name: "Exchange ex_000003" });
  await expect(meta.getByText("Metadata only: this exchange has no prompt or response text.")).toBeVisible();
  await meta.getByRole("button", { name: "Close" }).click();
  await expect(meta).toHaveCount(0);

  // Samples only hides the metadata-only exchanges.
  await page.getByLabel("Samples only").check();
  await expect(page).toHaveURL(/samplesOnly=1/);
  await expect(page.getByRole("button", { name: "View exchange ex_000003" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "View exchange ex_000001" })).toBeVisible();

  // A broken accounts file is rejected whole, with errors a person can act on.
  await page.getByRole("link", { name: "Overview", exact: true }).click();
  await expect(accountsCount(page)).toHaveText("8");
  await page.getByRole("link", { name: "Accounts", exact: true }).click();
  await importFile(page, "accounts-broken.csv");
  await expect(page.getByText("Rejected: nothing from this file was written")).toBeVisible({ timeout: IMPORT_TIMEOUT });
  const line3 = page.locator(".import-failed li").filter({ hasText: "line 3" });
  await expect(line3).toContainText("created_at 'yesterday'");
  await expect(page.getByRole("link", { name: "Download all errors as CSV" })).toBeVisible();

  await page.getByRole("link", { name: "Overview", exact: true }).click();
  await expect(accountsCount(page)).toHaveText("8");

  // Each imported file is an evidence item with its hash and custody.
  await page.getByRole("link", { name: "Evidence", exact: true }).click();
  await expect(page.getByRole("link", { name: "Download accounts.sample.csv" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Download exchanges-hostile.jsonl" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Download accounts-broken.csv" })).toHaveCount(0);
});

test("a file larger than 10 MB goes up whole from the browser and is imported to its last line", async ({ page }) => {
  test.setTimeout(180_000);
  // Where Next's proxy runs it buffers a request body and hands the route only its first 10 MB: the
  // upload path is kept out of it. 70,000 metadata-only exchanges make about 14 MB.
  const ROWS = 70_000;
  const lines: string[] = [];
  for (let i = 1; i <= ROWS; i++) {
    const t = new Date(Date.UTC(2026, 3, 22) + i * 1000).toISOString().replace(".000", "");
    lines.push(JSON.stringify({ exchange_id: `big_${String(i).padStart(6, "0")}`, account_id: i % 2 ? "acct_7f3a91" : "acct_7f3a92", timestamp: t, model: "frontier-large-2026-03", prompt_tokens: 800 + (i % 50), completion_tokens: 2400, user_agent: "python-httpx/0.27.0", request_ip: "203.0.113.17" }));
  }
  const bytes = Buffer.from(lines.join("\n") + "\n");
  expect(bytes.length).toBeGreaterThan(12 * 1024 * 1024);
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), "e2e-big-")), "big-exchanges.jsonl");
  writeFileSync(file, bytes);

  await signIn(page, USERS.analyst);
  const caseId = await openNewCase(page, `Large upload ${Date.now()}`);
  await page.getByRole("link", { name: "Accounts", exact: true }).click();
  await importFile(page, "accounts.sample.csv");
  await expectImportFinished(page, "Imported 8 accounts, 2 new clusters");

  await page.getByRole("link", { name: "Exchanges", exact: true }).click();
  await expect(page.getByRole("heading", { name: "Import exchanges" })).toBeVisible();
  await page.getByLabel("File to import").setInputFiles(file);
  await expect(page.getByText(`Imported ${ROWS.toLocaleString("en-US")} exchanges`)).toBeVisible({ timeout: 120_000 });
  // The stored file is the one sent, byte for byte.
  const res = await page.request.get(`/api/v1/cases/${caseId}/imports?kind=exchanges`);
  expect(res.status()).toBe(200);
  // The route the proxy skips carries the same security headers as every other.
  expect(res.headers()["x-frame-options"]).toBe("DENY");
  expect(res.headers()["content-security-policy"]).toContain("frame-ancestors 'none'");
  const { items } = (await res.json()) as { items: { fileName: string; sizeBytes: number; sha256: string; status: string; rowsDone: number }[] };
  expect(items.find((i) => i.fileName === "big-exchanges.jsonl")).toMatchObject({ status: "succeeded", sizeBytes: bytes.length, sha256: createHash("sha256").update(bytes).digest("hex"), rowsDone: ROWS });
});
