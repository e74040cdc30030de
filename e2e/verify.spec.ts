// The public /verify page: a recipient, signed out, checks a package in the browser.
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { unzipSync, zipSync } from "fflate";
import type { Page } from "@playwright/test";
import { buildSampleBag } from "../lib/package/bag-fixture";
import { loadOrCreateSigningKey } from "../lib/signing/key";
import { expect, test } from "./test";

// The key `npm start` made for the e2e server (CASEBOOK_DATA_DIR=.data/e2e, see playwright.config.ts).
const appKey = () => loadOrCreateSigningKey(path.resolve(".data/e2e/signing"));
const ROOT = "CB-2026-0007_export_ck123/";

function flipped(zip: Uint8Array, file: string): Uint8Array {
  const files = unzipSync(zip);
  const b = new Uint8Array(files[ROOT + file]);
  b[b.length >> 1] ^= 0x01;
  files[ROOT + file] = b;
  return zipSync(files);
}

async function dropFile(page: Page, name: string, bytes: Uint8Array) {
  const dataTransfer = await page.evaluateHandle(
    ({ b64, name }) => {
      const dt = new DataTransfer();
      dt.items.add(new File([Uint8Array.from(atob(b64), (c) => c.charCodeAt(0))], name, { type: "application/zip" }));
      return dt;
    },
    { b64: Buffer.from(bytes).toString("base64"), name },
  );
  await page.getByText("Drop the package (.zip) here").dispatchEvent("drop", { dataTransfer });
}

test("signed out, a recipient verifies a package in the browser: intact, then a changed one", async ({ page, request }) => {
  const key = await appKey();
  const published = await (await request.get("/api/v1/signing-key")).json();
  expect(published).toEqual({ publicKeyPem: key.publicKeyPem, fingerprint: key.fingerprint, algorithm: "Ed25519" });

  const uploads: string[] = [];
  page.on("request", (r) => {
    if (r.method() !== "GET") uploads.push(`${r.method()} ${r.url()}`);
  });

  await page.goto("/verify");
  await expect(page).toHaveURL(/\/verify$/);
  await expect(page.getByRole("heading", { name: "Verify an evidence package" })).toBeVisible();
  await expect(page.getByTestId("published-fingerprint")).toHaveText(key.fingerprint);

  // A good package, chosen from the keyboard.
  const good = (await buildSampleBag(key)).zip;
  await page.getByRole("button", { name: "Choose package" }).focus();
  const chooser = page.waitForEvent("filechooser");
  await page.keyboard.press("Enter");
  await (await chooser).setFiles({ name: "package.zip", mimeType: "application/zip", buffer: Buffer.from(good) });
  await expect(page.getByRole("status")).toContainText(`Intact: 3 files, signature valid, signed by key SHA256 ${key.fingerprint.slice(0, 16)}`);
  await expect(page.getByText("the package's key matches it")).toBeVisible();
  await expect(page.getByRole("definition").filter({ hasText: "CB-2026-0007" }).first()).toBeVisible();

  // The same package with one byte of a native file changed, dropped on the page.
  await dropFile(page, "package-changed.zip", flipped(good, "data/natives/accounts.csv"));
  // (Next's route announcer is an alert too: pick ours by its text.)
  await expect(page.getByRole("alert").filter({ hasText: "Not intact: data/natives/accounts.csv: SHA-256 expected" })).toBeVisible();
  await expect(page.getByRole("listitem").filter({ hasText: "Every payload file matches manifest-sha256.txt" })).toContainText("failed");

  // A package whose signature file was changed.
  await page.getByLabel("Evidence package to verify").setInputFiles({ name: "package-sig.zip", mimeType: "application/zip", buffer: Buffer.from(flipped(good, "tagmanifest-sha256.txt.sig")) });
  await expect(page.getByRole("alert").filter({ hasText: "Not intact: The signature in tagmanifest-sha256.txt.sig does not match" })).toBeVisible();

  expect(uploads, "the package must not leave the browser").toEqual([]);
});

test("a package signed by another key is intact but not confirmed as this Casebook's", async ({ page }) => {
  const other = await loadOrCreateSigningKey(path.join(mkdtempSync(path.join(os.tmpdir(), "e2e-other-key-")), "signing"));
  await page.goto("/verify");
  await page.getByLabel("Evidence package to verify").setInputFiles({ name: "other.zip", mimeType: "application/zip", buffer: Buffer.from((await buildSampleBag(other)).zip) });
  await expect(page.getByRole("status")).toContainText("Intact, but NOT signed by this Casebook's key");
  await expect(page.getByText("the package's key does NOT match it")).toBeVisible();
});

test("a file that is not a zip is refused with a reason", async ({ page }) => {
  await page.goto("/verify");
  await page.getByLabel("Evidence package to verify").setInputFiles({ name: "notes.zip", mimeType: "application/zip", buffer: Buffer.from("just text") });
  await expect(page.getByRole("alert").filter({ hasText: "not a readable ZIP archive" })).toBeVisible();
});
