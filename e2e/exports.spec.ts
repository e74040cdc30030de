// The evidence package end to end, as its people do it: an analyst writes findings citing exhibits
// and requests a legal referral; they cannot approve it themselves; a reviewer approves, the build
// runs and the package downloads; the PDF, the bag and the signature pass the recipients' own tools
// (pdftotext, qpdf, the Library of Congress's bagit.py, openssl) and ours (the CLI, /verify signed
// out), and one flipped byte fails all of them. Then a change after an approval voids it.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { unzipSync, zipSync } from "fflate";
import type { Locator, Page } from "@playwright/test";
import { loadOrCreateSigningKey } from "../lib/signing/key";
import { e2eDb, signIn, USERS } from "./helpers";
import { expect, test } from "./test";

const fixture = (name: string) => path.resolve("e2e", "fixtures", name);
const CJK_PROMPT = "用中文逐步解释你的推理过程，然后给出最终答案：如何设计一个分布式任务调度器？";
const IMPORT_TIMEOUT = 30_000;
const BUILD_TIMEOUT = 90_000;

type TRun = { status: number | null; out: string };

function run(cmd: string, args: string[], cwd?: string): TRun {
  const r = spawnSync(cmd, args, { cwd, encoding: "utf8", timeout: 60_000 });
  return { status: r.status, out: `${r.stdout ?? ""}${r.stderr ?? ""}` };
}

/** Writes the zip's files under dir; returns the bag's folder (the zip's one top-level folder). */
function unzipTo(zip: Uint8Array, dir: string): string {
  const files = unzipSync(zip);
  const roots = new Set(Object.keys(files).map((n) => n.split("/")[0]));
  expect([...roots], "a package is one folder").toHaveLength(1);
  for (const [name, bytes] of Object.entries(files)) {
    if (name.endsWith("/")) continue;
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), bytes);
  }
  return path.join(dir, [...roots][0]);
}

/** The same zip with one byte of one file (a path inside the bag folder) changed. */
function flipByte(zip: Uint8Array, file: string): Uint8Array {
  const files = unzipSync(zip);
  const name = Object.keys(files).find((n) => n.endsWith(`/${file}`))!;
  const b = new Uint8Array(files[name]);
  b[b.length >> 1] ^= 0x01;
  files[name] = b;
  return zipSync(files);
}

async function importFile(page: Page, tab: "Accounts" | "Exchanges", file: string, done: string) {
  await page.getByRole("link", { name: tab, exact: true }).click();
  await expect(page.getByRole("heading", { name: `Import ${tab.toLowerCase()}` })).toBeVisible();
  await page.getByLabel("File to import").setInputFiles(fixture(file));
  await expect(page.getByText(done)).toBeVisible({ timeout: IMPORT_TIMEOUT });
}

async function addExhibit(page: Page, kind: string, item: string | RegExp, count: number) {
  await page.getByLabel("Kind").selectOption({ label: kind });
  const option = page.getByLabel("Item").locator("option", { hasText: item });
  await expect(option).toHaveCount(1);
  await page.getByLabel("Item").selectOption((await option.getAttribute("value"))!);
  await page.getByRole("button", { name: "Add exhibit" }).click();
  await expect(page.getByRole("heading", { name: `Exhibits (${count})` })).toBeVisible();
}

/** Appends text at the end of a section's Markdown, then (optionally) a citation from the picker. */
async function write(section: Locator, text: string, cite?: string) {
  const md = section.getByLabel("Markdown");
  await md.press("End");
  await md.pressSequentially(text);
  if (cite) await section.getByLabel("Cite an exhibit").selectOption({ label: cite });
}

function exportCard(page: Page, profile: "Legal referral" | "Congressional letter") {
  return page.getByRole("article", { name: new RegExp(`^${profile} export `) });
}

test("an analyst's findings become a legal referral a reviewer approves; the package verifies with the recipients' tools, and a flipped byte fails them", async ({ page, browser, request }) => {
  test.setTimeout(300_000);
  await signIn(page, USERS.analyst);

  // A fresh case with Rita as its reviewer, and the format samples (one has a Chinese prompt).
  const title = `Referral check ${Date.now()}`;
  await page.getByRole("link", { name: "New case" }).click();
  await page.getByLabel("Title").fill(title);
  await page.getByRole("button", { name: "Add member" }).click();
  await page.getByLabel("Person 1").selectOption({ label: "Rita Reviewer (reviewer)" });
  await page.getByLabel("Case role 1").selectOption("reviewer");
  await page.getByRole("button", { name: "Create case" }).click();
  await expect(page.getByRole("heading", { name: title })).toBeVisible();
  const caseUrl = new URL(page.url()).pathname;
  const ref = (await page.getByText(/^CB-\d{4}-\d{4}$/).first().textContent())!.trim();
  await importFile(page, "Accounts", "accounts.sample.csv", "Imported 8 accounts, 2 new clusters");
  await importFile(page, "Exchanges", "exchanges.sample.jsonl", "Imported 7 exchanges (5 samples)");

  // Only tagged samples can be exhibits: the analyst tags the Chinese one in triage.
  await page.getByRole("button", { name: "View exchange ex_000007" }).click();
  const viewer = page.getByRole("dialog", { name: "Exchange ex_000007" });
  await expect(viewer.locator("pre").first()).toHaveText(CJK_PROMPT);
  await viewer.getByRole("link", { name: /^Tag capabilities and highlight the evidence in triage/ }).click();
  const multilingual = page.getByRole("button", { name: /Multilingual/ });
  await multilingual.click();
  await expect(multilingual).toHaveAttribute("aria-pressed", "true");

  // Exhibits, added from the Findings tab's list.
  await page.getByRole("link", { name: "Findings", exact: true }).click();
  await expect(page.getByRole("heading", { name: "Exhibits (0)" })).toBeVisible();
  await addExhibit(page, "Sample", "用中文逐步解释你的推理过程", 1);
  await addExhibit(page, "Cluster", "hydra-A", 2);
  await addExhibit(page, "Figure", "Exchanges per day, by model", 3);
  const exhibits = page.getByRole("list", { name: "Exhibits in package order" }).getByRole("listitem");
  await expect(exhibits).toHaveText([/Sample ex_000007/, /Cluster “hydra-A”/, /Figure: Exchanges per day, by model/]);

  // The summary cites all three through the picker; the preview shows the citations as links.
  const summary = page.getByRole("region", { name: "Summary" });
  await write(summary, "The campaign harvested reasoning traces in Chinese ", "Exhibit 1: Sample ex_000007");
  await write(summary, " through the accounts of ", "Exhibit 2: Cluster “hydra-A”");
  await write(summary, "; see the daily volume ", "Exhibit 3: Figure: Exchanges per day, by model");
  await write(summary, ".");
  await expect(summary.getByLabel("Markdown")).toHaveValue(/^The campaign harvested reasoning traces in Chinese \[\]\(exhibit:\w+\) through the accounts of \[\]\(exhibit:\w+\); see the daily volume \[\]\(exhibit:\w+\)\.$/);
  const preview = summary.getByLabel("Preview of Summary");
  await expect(preview.getByRole("link")).toHaveText(["Exhibit 1", "Exhibit 2", "Exhibit 3"]);
  await summary.getByRole("button", { name: "Save section" }).click();
  await expect(summary.getByText(/^Saved by Ana Lyst/)).toBeVisible();

  const methodology = page.getByRole("region", { name: "Methodology" });
  await write(methodology, "Accounts were linked by shared payment fingerprints and signup networks.");
  await methodology.getByRole("button", { name: "Save section" }).click();
  await expect(methodology.getByText(/^Saved by Ana Lyst/)).toBeVisible();

  // The request.
  await page.getByRole("link", { name: "Exports", exact: true }).click();
  await page.getByLabel("Profile").selectOption({ label: "Legal referral" });
  await page.getByRole("button", { name: "Request export" }).click();
  const mine = exportCard(page, "Legal referral");
  await expect(mine.getByText("Waiting for review")).toBeVisible();
  const exportId = (await mine.getAttribute("data-export-id", { timeout: 5_000 }))!;

  // The requester cannot approve: no button here, and the API refuses their session.
  await expect(mine.getByRole("button", { name: "Approve and build" })).toHaveCount(0);
  await expect(mine.getByText("A reviewer assigned to this case, other than the requester, approves it.")).toBeVisible();
  const refused = await page.request.post(`/api/v1/exports/${exportId}/approve`, { data: {} });
  expect(refused.status()).toBe(403);
  // Nor with an API token of theirs (sent from a context with no session).
  await page.getByRole("link", { name: "Settings" }).click();
  await page.getByLabel("Token name").fill(`e2e export check ${Date.now()}`);
  await page.getByRole("button", { name: "Create token" }).click();
  const token = await page.getByLabel("New API token").inputValue();
  expect(token).toMatch(/^cb_/);
  const byToken = await request.post(`/api/v1/exports/${exportId}/approve`, { data: {}, headers: { Authorization: `Bearer ${token}` } });
  expect(byToken.status()).toBe(403);
  expect((await byToken.json()).error.message).toContain("Only reviewers assigned to this case review its exports.");
  await page.goto(`${caseUrl}/exports`);
  await expect(exportCard(page, "Legal referral").getByText("Waiting for review")).toBeVisible();

  // The reviewer approves; the card follows the build to the end.
  const reviewer = await (await browser.newContext({ acceptDownloads: true })).newPage();
  await signIn(reviewer, USERS.reviewer);
  await reviewer.goto(`${caseUrl}/exports`);
  const card = exportCard(reviewer, "Legal referral");
  await expect(card).toContainText("Requested by Ana Lyst");
  await expect(card.getByRole("button", { name: "Approve and build" })).toBeEnabled();
  await card.getByLabel("Comment").fill("Approved for the referral.");
  await card.getByRole("button", { name: "Approve and build" }).click();
  // The bar shows while the build is queued or running (the tab refreshes every second).
  await expect(card.getByRole("progressbar", { name: "Build progress" })).toBeVisible();
  await expect(card.getByText("Built", { exact: true })).toBeVisible({ timeout: BUILD_TIMEOUT });
  await expect(card.getByRole("progressbar")).toHaveCount(0);
  await expect(card).toContainText(`Bates ${ref}-0000001–${ref}-`);
  await expect(card).toContainText("approved by Rita Reviewer");

  const downloading = reviewer.waitForEvent("download");
  await card.getByRole("link", { name: "Download package" }).click();
  const download = await downloading;
  const dir = mkdtempSync(path.join(os.tmpdir(), "e2e-package-"));
  const zipFile = path.join(dir, download.suggestedFilename() || "package.zip");
  await download.saveAs(zipFile);
  const zip = new Uint8Array(readFileSync(zipFile));
  const bag = unzipTo(zip, path.join(dir, "good"));
  expect(path.basename(bag)).toBe(`${ref}_legal_referral_${exportId}`);

  // The PDF: Bates numbers, the findings, the Chinese prompt (wrapped lines put spaces in it).
  const pdfs = readdirSync(path.join(bag, "data"), { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith(".pdf"));
  expect(pdfs, "the package holds one PDF").toHaveLength(1);
  const pdf = path.join(bag, "data", pdfs[0]);
  const text = run("pdftotext", ["-layout", pdf, "-"]);
  expect(text.status, text.out).toBe(0);
  expect(text.out).toContain(`${ref}-0000001`);
  expect(text.out.replace(/\s+/g, "")).toContain("Thecampaignharvestedreasoningtracesin".replace(/\s+/g, ""));
  expect(text.out).toContain("shared payment fingerprints");
  expect(text.out.replace(/\s+/g, "")).toContain(CJK_PROMPT);
  const qpdf = run("qpdf", ["--check", pdf]);
  expect(qpdf.status, qpdf.out).toBe(0);
  expect(qpdf.out).toContain("No syntax or stream encoding errors");

  // The bag and its signature, as a recipient checks them (README "Verifying a package").
  const bagit = (d: string) => run("python3", [path.resolve("tests/tools/bagit.py"), "--validate", d]);
  const good = bagit(bag);
  expect(good.status, good.out).toBe(0);
  expect(good.out).toContain("is valid");
  const sig = run("openssl", ["pkeyutl", "-verify", "-pubin", "-inkey", "signing-key.pem", "-rawin", "-in", "tagmanifest-sha256.txt", "-sigfile", "tagmanifest-sha256.txt.sig"], bag);
  expect(sig.out).toContain("Signature Verified Successfully");
  // Our CLI, trusting the key this e2e server signs with.
  const key = await loadOrCreateSigningKey(path.resolve(".data/e2e/signing"));
  const cli = (target: string) => run(process.execPath, ["--import", "tsx", path.resolve("scripts/casebook.ts"), "verify", target, "--fingerprint", key.fingerprint]);
  const cliGood = cli(zipFile);
  expect(cliGood.status, cliGood.out).toBe(0);

  // One flipped byte, in a payload file and (separately) in a tag file, fails bagit.py and the CLI.
  for (const file of ["data/natives/accounts.csv", "bag-info.txt"]) {
    const bad = unzipTo(flipByte(zip, file), path.join(dir, `flipped-${file.replace(/\W/g, "-")}`));
    const b = bagit(bad);
    expect(b.status, `bagit.py with ${file} changed:\n${b.out}`).not.toBe(0);
    const c = cli(bad);
    expect(c.status, `casebook verify with ${file} changed:\n${c.out}`).toBe(1);
    expect(c.out).toContain(file);
  }

  // /verify, signed out, in a fresh browser: the package is intact; the changed one is not, by name.
  const recipient = await (await browser.newContext()).newPage();
  await recipient.goto("/verify");
  await expect(recipient).toHaveURL(/\/verify$/);
  const input = recipient.getByLabel("Evidence package to verify");
  await input.setInputFiles({ name: "package.zip", mimeType: "application/zip", buffer: Buffer.from(zip) });
  await expect(recipient.getByRole("status")).toContainText(`signature valid, signed by key SHA256 ${key.fingerprint.slice(0, 16)}`);
  await expect(recipient.getByRole("status")).toContainText("Intact:");
  await expect(recipient.getByText("the package's key matches it")).toBeVisible();
  await input.setInputFiles({ name: "package-changed.zip", mimeType: "application/zip", buffer: Buffer.from(flipByte(zip, "data/natives/accounts.csv")) });
  await expect(recipient.getByRole("alert").filter({ hasText: "Not intact: data/natives/accounts.csv: SHA-256 expected" })).toBeVisible();

  // A change after an approval voids it, and the tab says who changed what. The worker builds an
  // approved export within a second or two, so an edit cannot be placed reliably between approval
  // and build from the UI; the approval of this second (congressional) export is therefore written
  // straight into the database, without queueing a build, as approveExportAction would record it
  // (tests/exports.int.test.ts covers the action itself). The edit and the message are the UI's.
  await page.getByLabel("Profile").selectOption({ label: "Congressional letter" });
  await page.getByRole("button", { name: "Request export" }).click();
  const letter = exportCard(page, "Congressional letter");
  await expect(letter.getByText("Waiting for review")).toBeVisible();
  const letterId = (await letter.getAttribute("data-export-id", { timeout: 5_000 }))!;
  const sql = e2eDb();
  await sql.connect();
  try {
    const approved = await sql.query(
      `UPDATE export_package SET status = 'approved', "approvedById" = (SELECT id FROM app_user WHERE email = $2), "approvedAt" = now(),
         "auditHeadSeq" = (SELECT max(seq) FROM audit_event), "auditHeadHash" = (SELECT hash FROM audit_event ORDER BY seq DESC LIMIT 1)
       WHERE id = $1 AND status = 'requested'`,
      [letterId, USERS.reviewer],
    );
    expect(approved.rowCount).toBe(1);
  } finally {
    await sql.end();
  }
  await reviewer.reload();
  await expect(exportCard(reviewer, "Congressional letter").getByText("Approved, queued to build")).toBeVisible();

  await page.getByRole("link", { name: "Findings", exact: true }).click();
  await write(page.getByRole("region", { name: "Summary" }), " Edited after the approval.");
  await page.getByRole("region", { name: "Summary" }).getByRole("button", { name: "Save section" }).click();
  await expect(page.getByRole("region", { name: "Summary" }).getByText("Unsaved changes")).toHaveCount(0);
  await page.getByRole("link", { name: "Exports", exact: true }).click();
  await expect(letter.getByText("Approval voided")).toBeVisible();
  await expect(letter.getByRole("status")).toHaveText("The approval no longer holds: Ana Lyst edited the findings (“Summary”) after the approval.");
  // The built package is what it was: a built export is not voided.
  await expect(exportCard(page, "Legal referral").getByText("Built", { exact: true })).toBeVisible();
  await reviewer.reload();
  await expect(exportCard(reviewer, "Congressional letter").getByText("Approval voided")).toBeVisible();
  await expect(exportCard(reviewer, "Congressional letter").getByRole("button", { name: "Approve and build" })).toHaveCount(0);
});

test("the demo's legal referral carries every evidence file's full SHA-256 in its custody appendix; a letter quoting an account's email stops, says where, and goes back to review once the rule is on", async ({ page, browser }) => {
  test.setTimeout(300_000);
  // The evidence files and their digests, as the Evidence tab shows them.
  await signIn(page, USERS.analyst);
  await page.getByRole("link", { name: "CB-2026-0001", exact: true }).click();
  await page.waitForURL(/\/cases\/[^/]+$/);
  const caseUrl = new URL(page.url()).pathname;
  await page.goto(`${caseUrl}/evidence`);
  await expect(page.getByRole("heading", { name: "Evidence" }).first()).toBeVisible();
  const digests = [...new Set((await page.locator("main").innerText()).match(/\b[0-9a-f]{64}\b/g) ?? [])];
  expect(digests.length, "the demo has its imported files").toBeGreaterThanOrEqual(2);

  // The reviewer approves the referral the demo's analyst requested, and downloads it.
  const reviewer = await (await browser.newContext({ acceptDownloads: true })).newPage();
  await signIn(reviewer, USERS.reviewer);
  await reviewer.goto(`${caseUrl}/exports`);
  const card = exportCard(reviewer, "Legal referral");
  await card.getByRole("button", { name: "Approve and build" }).click();
  await expect(card.getByText("Built", { exact: true })).toBeVisible({ timeout: BUILD_TIMEOUT });
  const downloading = reviewer.waitForEvent("download");
  await card.getByRole("link", { name: "Download package" }).click();
  const dir = mkdtempSync(path.join(os.tmpdir(), "e2e-demo-package-"));
  const zipFile = path.join(dir, "package.zip");
  await (await downloading).saveAs(zipFile);
  const bag = unzipTo(new Uint8Array(readFileSync(zipFile)), path.join(dir, "bag"));
  const pdf = path.join(bag, "data", readdirSync(path.join(bag, "data")).find((f) => f.endsWith(".pdf"))!);
  const text = run("pdftotext", ["-enc", "UTF-8", pdf, "-"]);
  expect(text.status, text.out).toBe(0);
  // The custody appendix's pages (each starts with its running header): every digest whole there.
  const custody = text.out
    .split("\f")
    .filter((p) => p.startsWith("Appendix: chain of custody"))
    .join("")
    .replace(/\s+/g, "");
  expect(custody.length).toBeGreaterThan(0);
  for (const d of digests) expect(custody, `custody appendix carries ${d}`).toContain(d);
  expect(text.out).not.toMatch(/[0-9a-f]{16,}…/);
  // What the demo's partner lab matched in this case, and how: counts, not the partner's values.
  const matches = text.out
    .split("\f")
    .filter((p) => p.startsWith("Appendix: indicators shared by partner labs"))
    .join("\n");
  expect(matches).toContain("From Meridian AI (demo partner)");
  expect(matches).toContain("meridian-ai-stix-2026-06.json");
  expect(matches).toContain("Account emails (keyed)");
  // The only digests there are evidence files' own: none of the partner's keyed values.
  const hexes = matches.match(/\b[0-9a-f]{64}\b/g) ?? [];
  expect(hexes.length).toBeGreaterThan(0);
  expect(hexes.filter((h) => !digests.includes(h))).toEqual([]);

  // The analyst quotes an account's email in the summary and asks for a letter to Congress.
  const sql = e2eDb();
  await sql.connect();
  let email: string;
  try {
    email = (await sql.query(`SELECT a.email FROM account a JOIN "case" c ON c.id = a."caseId" WHERE c.ref = 'CB-2026-0001' AND a.email IS NOT NULL ORDER BY a."externalId" LIMIT 1`)).rows[0].email;
  } finally {
    await sql.end();
  }
  await page.goto(`${caseUrl}/findings`);
  const summary = page.getByRole("region", { name: "Summary" });
  await write(summary, ` One operator signed up as ${email}.`);
  await summary.getByRole("button", { name: "Save section" }).click();
  await expect(summary.getByText("Unsaved changes")).toHaveCount(0);
  await page.getByRole("link", { name: "Exports", exact: true }).click();
  await page.getByLabel("Profile").selectOption({ label: "Congressional letter" });
  await page.getByRole("button", { name: "Request export" }).click();
  await expect(exportCard(page, "Congressional letter").getByText("Waiting for review")).toBeVisible();
  await reviewer.reload();
  const letter = exportCard(reviewer, "Congressional letter");
  await letter.getByRole("button", { name: "Approve and build" }).click();

  // A policy stop: the value masked, the finding and the page, the fixes; no retry, no resubmit yet.
  await expect(letter.getByText("Stopped: personal data")).toBeVisible({ timeout: BUILD_TIMEOUT });
  const [local, domain] = email.split("@");
  const masked = `${local[0]}…${local.at(-1)}@${domain[0]}…${domain.split(".").at(-1)}`;
  await expect(letter.getByRole("alert")).toContainText(`email ${masked}: Findings, Summary; PDF page`);
  await expect(letter.getByRole("alert")).not.toContainText(email);
  await expect(letter.getByRole("button", { name: "Retry the build" })).toHaveCount(0);
  await page.reload();
  const mine = exportCard(page, "Congressional letter");
  await expect(mine.getByText("Resubmitting is offered once the findings, exhibits or redactions have changed.")).toBeVisible();
  await expect(mine.getByRole("button", { name: "Resubmit for review" })).toHaveCount(0);

  // The analyst turns on the emails rule: the letter goes back to review.
  await page.getByRole("navigation", { name: "Case sections" }).getByRole("link", { name: "Findings" }).click();
  await page.getByRole("checkbox", { name: "Email addresses" }).click();
  await expect(page.getByRole("checkbox", { name: "Email addresses" })).toBeChecked();
  await page.getByRole("navigation", { name: "Case sections" }).getByRole("link", { name: "Exports" }).click();
  await mine.getByRole("button", { name: "Resubmit for review" }).click();
  await expect(mine.getByText("Waiting for review")).toBeVisible();
});
