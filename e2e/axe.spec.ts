// Every page passes axe-core (WCAG 2.0, 2.1 and 2.2, levels A and AA) with no violation, as the
// person who uses it sees it, and so do the states that only appear after an action: the review
// card, the import card after a rejected file, the sample reader. The pages are read from the
// filesystem: a page added without a line in PAGES fails this suite, as the headers spec does.
import { readdirSync } from "node:fs";
import path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { e2eDb, signIn, USERS } from "./helpers";
import { expect, test } from "./test";

const TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"];

type TIds = { caseId: string; clusterId: string; userId: string };
type TWho = keyof typeof USERS | "nobody";

/** Page file → who opens it and where, with real ids from the seeded e2e database. */
const PAGES: Record<string, { who: TWho; url: (i: TIds) => string }> = {
  "app/page.tsx": { who: "analyst", url: () => "/" },
  "app/verify/page.tsx": { who: "nobody", url: () => "/verify" },
  "app/(auth)/sign-in/page.tsx": { who: "nobody", url: () => "/sign-in" },
  "app/(app)/admin/audit/page.tsx": { who: "admin", url: () => "/admin/audit" },
  "app/(app)/admin/capabilities/page.tsx": { who: "admin", url: () => "/admin/capabilities" },
  "app/(app)/admin/partners/page.tsx": { who: "admin", url: () => "/admin/partners" },
  "app/(app)/admin/users/page.tsx": { who: "admin", url: () => "/admin/users" },
  "app/(app)/admin/users/[userId]/page.tsx": { who: "admin", url: (i) => `/admin/users/${i.userId}` },
  "app/(app)/cases/page.tsx": { who: "analyst", url: () => "/cases" },
  "app/(app)/cases/new/page.tsx": { who: "analyst", url: () => "/cases/new" },
  "app/(app)/cases/[caseId]/page.tsx": { who: "analyst", url: (i) => `/cases/${i.caseId}` },
  "app/(app)/cases/[caseId]/accounts/page.tsx": { who: "analyst", url: (i) => `/cases/${i.caseId}/accounts` },
  "app/(app)/cases/[caseId]/activity/page.tsx": { who: "analyst", url: (i) => `/cases/${i.caseId}/activity` },
  "app/(app)/cases/[caseId]/capabilities/page.tsx": { who: "analyst", url: (i) => `/cases/${i.caseId}/capabilities` },
  "app/(app)/cases/[caseId]/clusters/page.tsx": { who: "analyst", url: (i) => `/cases/${i.caseId}/clusters` },
  "app/(app)/cases/[caseId]/clusters/[clusterId]/page.tsx": { who: "analyst", url: (i) => `/cases/${i.caseId}/clusters/${i.clusterId}` },
  "app/(app)/cases/[caseId]/edit/page.tsx": { who: "analyst", url: (i) => `/cases/${i.caseId}/edit` },
  "app/(app)/cases/[caseId]/evidence/page.tsx": { who: "analyst", url: (i) => `/cases/${i.caseId}/evidence` },
  "app/(app)/cases/[caseId]/exchanges/page.tsx": { who: "analyst", url: (i) => `/cases/${i.caseId}/exchanges` },
  "app/(app)/cases/[caseId]/exports/page.tsx": { who: "analyst", url: (i) => `/cases/${i.caseId}/exports` },
  "app/(app)/cases/[caseId]/sharing/page.tsx": { who: "analyst", url: (i) => `/cases/${i.caseId}/sharing` },
  "app/(app)/cases/[caseId]/findings/page.tsx": { who: "analyst", url: (i) => `/cases/${i.caseId}/findings` },
  "app/(app)/cases/[caseId]/templates/page.tsx": { who: "analyst", url: (i) => `/cases/${i.caseId}/templates` },
  "app/(app)/cases/[caseId]/triage/page.tsx": { who: "analyst", url: (i) => `/cases/${i.caseId}/triage?queue=all` },
  "app/(app)/settings/page.tsx": { who: "analyst", url: () => "/settings" },
};

function pageFiles(): string[] {
  return readdirSync("app", { recursive: true, encoding: "utf8" })
    .map((f) => `app/${f.split(path.sep).join("/")}`)
    .filter((f) => f.endsWith("/page.tsx"))
    .sort();
}

async function seededIds(): Promise<TIds> {
  const client = e2eDb();
  await client.connect();
  try {
    const caseId = (await client.query(`SELECT id FROM "case" WHERE ref = 'CB-2026-0001'`)).rows[0].id as string;
    const clusterId = (await client.query(`SELECT id FROM cluster WHERE "caseId" = $1 AND status = 'accepted' ORDER BY id LIMIT 1`, [caseId])).rows[0].id as string;
    const userId = (await client.query(`SELECT id FROM app_user WHERE email = $1`, [USERS.analyst])).rows[0].id as string;
    return { caseId, clusterId, userId };
  } finally {
    await client.end();
  }
}

/** axe's violations on what the page shows now, one line each: rule, impact, and the elements. */
async function violations(page: Page): Promise<string[]> {
  const r = await new AxeBuilder({ page }).withTags(TAGS).analyze();
  return r.violations.map((v) => `${v.id} (${v.impact}, ${v.nodes.length}): ${v.help} — ${v.nodes.slice(0, 4).map((n) => n.target.join(" ")).join(" | ")}`);
}

test("every page is listed here, and every listed one exists", () => {
  const files = pageFiles();
  expect(files.length).toBeGreaterThan(20);
  expect(
    files.filter((f) => !PAGES[f]),
    "pages without an axe check: add them to PAGES in e2e/axe.spec.ts",
  ).toEqual([]);
  expect(Object.keys(PAGES).filter((f) => !files.includes(f)), "PAGES names files that no longer exist").toEqual([]);
});

test("every page passes axe (WCAG 2.0–2.2, A and AA) as the person who uses it sees it", async ({ browser }) => {
  test.setTimeout(300_000);
  const ids = await seededIds();
  const found: string[] = [];
  let checked = 0;
  for (const who of ["nobody", "analyst", "admin"] as const) {
    const context = await browser.newContext();
    const page = await context.newPage();
    if (who !== "nobody") await signIn(page, USERS[who]);
    for (const [file, p] of Object.entries(PAGES).filter(([, p]) => p.who === who)) {
      const res = await page.goto(p.url(ids));
      expect(res?.status(), `${file} answers`).toBeLessThan(400);
      await page.waitForLoadState("networkidle");
      for (const v of await violations(page)) found.push(`${p.url(ids)} (${file}): ${v}`);
      checked++;
    }
    await context.close();
  }
  expect(checked).toBe(Object.keys(PAGES).length);
  expect(found).toEqual([]);
});

test("the states that appear after an action pass axe too: the review card, a rejected import, the sample reader", async ({ page, browser }) => {
  test.setTimeout(180_000);
  const ids = await seededIds();
  const found: string[] = [];
  const check = async (p: Page, what: string) => {
    for (const v of await violations(p)) found.push(`${what}: ${v}`);
  };

  // The review card, as the reviewer who decides it sees it: the demo's referral waits for review.
  const reviewer = await (await browser.newContext()).newPage();
  await signIn(reviewer, USERS.reviewer);
  await reviewer.goto(`/cases/${ids.caseId}/exports`);
  await expect(reviewer.getByRole("button", { name: "Approve and build" }).first()).toBeVisible();
  await check(reviewer, "review card");
  await reviewer.context().close();

  // The import card after a rejected file, with its list of errors.
  await signIn(page, USERS.analyst);
  await page.goto(`/cases/${ids.caseId}/accounts`);
  await page.getByLabel("File to import").setInputFiles(path.resolve("e2e", "fixtures", "accounts-broken.csv"));
  await expect(page.getByRole("link", { name: "Download all errors as CSV" })).toBeVisible({ timeout: 30_000 });
  await check(page, "rejected import");

  // A sample opened in the reader.
  await page.goto(`/cases/${ids.caseId}/exchanges`);
  const view = page.getByRole("button", { name: /^View exchange / }).first();
  const exchange = (await view.getAttribute("aria-label"))!.replace("View exchange ", "");
  await view.click();
  await expect(page.getByRole("dialog", { name: `Exchange ${exchange}` })).toBeVisible();
  await check(page, "sample reader");

  expect(found).toEqual([]);
});

test("each chart is named, and its plot is an image whose name points to its numbers", async ({ page }) => {
  const ids = await seededIds();
  await signIn(page, USERS.analyst);
  let charts = 0;
  for (const sub of ["", "/capabilities", "/templates"]) {
    await page.goto(`/cases/${ids.caseId}${sub}`);
    await page.waitForLoadState("networkidle");
    for (const figure of await page.getByRole("figure").all()) {
      await expect(figure).toHaveAccessibleName(/\S/);
      await expect(figure.getByRole("img").first()).toHaveAccessibleName(/the numbers are in the table below/);
      charts++;
    }
  }
  expect(charts, "the demo case shows charts").toBeGreaterThanOrEqual(2);
});
