// npm run screenshots: the README's pictures of the main screens, taken from the real app in a
// real Chromium so they can be retaken after any UI change. Starts the app the way `npm start`
// does (building when the build is missing or stale) on a throwaway demo database under
// .data/screenshots, signs in as the demo analyst (and, for the review and /verify pictures, as the
// demo reviewer, who approves and downloads the seeded referral), writes docs/screenshots/*.png,
// and stops the app.
// Exits non-zero, naming the step, when any screen does not show what its picture is meant to.
import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { createWriteStream, mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import { chromium, type Page } from "@playwright/test";
import { chromiumLaunchOptions } from "../e2e/chromium.ts";
import { rng } from "../lib/demo/generate.ts";

const root = path.resolve(import.meta.dirname, "..");
const outDir = path.join(root, "docs", "screenshots");
const dataDir = path.join(root, ".data", "screenshots");
// Ports of their own, so a running `npm start` or e2e run is not disturbed.
const PORT = Number(process.env.SCREENSHOTS_PORT ?? 3160);
const PG_PORT = Number(process.env.SCREENSHOTS_PG_PORT ?? 54349);
const baseURL = `http://localhost:${PORT}`;
const ANALYST = "analyst@casebook.local";
const REVIEWER = "reviewer@casebook.local";
const PASSWORD = "casebook-demo";
const CASE_REF = "CB-2026-0001";
// Big enough that the import takes several seconds even on a fast machine (100,000 rows/s), so its
// progress bar is caught part-way; small enough to generate and upload in a moment (about 100 MB).
const IMPORT_ROWS = 600_000;
const IMPORT_FILE = "detection-2026-06-qwen-lab-followup-exchanges.jsonl";
const APP_START_TIMEOUT_MS = 10 * 60_000; // includes a first build on a slow machine
const IMPORT_TIMEOUT_MS = 120_000;
const BUILD_TIMEOUT_MS = 180_000;

const log = (m: string) => console.log(`[screenshots] ${m}`);

function startApp(): ChildProcess {
  rmSync(dataDir, { recursive: true, force: true });
  mkdirSync(dataDir, { recursive: true });
  const appLog = createWriteStream(path.join(dataDir, "app.log"));
  const app = spawn(process.execPath, ["--import", "tsx", path.join(root, "scripts", "start.ts")], {
    cwd: root,
    stdio: ["ignore", "pipe", "pipe"],
    env: {
      ...process.env,
      PORT: String(PORT),
      CASEBOOK_DATA_DIR: dataDir,
      CASEBOOK_PG_PORT: String(PG_PORT),
      CASEBOOK_SEED: "auto",
      DATABASE_URL: "",
      AUTH_SECRET: "",
    },
  });
  app.stdout!.pipe(appLog);
  app.stderr!.pipe(appLog);
  return app;
}

async function waitForApp(app: ChildProcess) {
  const deadline = Date.now() + APP_START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (app.exitCode !== null) throw new Error(`the app exited (${app.exitCode}) before it was up; see ${path.relative(root, dataDir)}/app.log`);
    const ok = await fetch(`${baseURL}/sign-in`).then((r) => r.ok, () => false);
    if (ok) return;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`the app did not answer on ${baseURL} within ${APP_START_TIMEOUT_MS / 1000} s; see ${path.relative(root, dataDir)}/app.log`);
}

/** SIGTERM to the start script, which stops the worker, the web server and PostgreSQL. */
async function stopApp(app: ChildProcess) {
  if (app.exitCode === null && app.signalCode === null) {
    const exited = once(app, "exit");
    app.kill("SIGTERM");
    const timer = setTimeout(() => app.kill("SIGKILL"), 30_000);
    await exited;
    clearTimeout(timer);
  }
  // Its children write to the same pipes: wait (briefly) for their last lines to reach app.log.
  if (!app.stdout!.closed) await Promise.race([once(app, "close"), new Promise((r) => setTimeout(r, 5000))]);
}

/** A metadata-only exchanges file over the case's own accounts, as a detection pipeline sends. */
async function writeImportFile(accountIds: string[]): Promise<string> {
  const file = path.join(dataDir, IMPORT_FILE);
  const out = createWriteStream(file);
  const r = rng(20260606);
  const start = Date.parse("2026-05-01T00:00:00Z");
  const span = 35 * 86_400_000;
  let buf = "";
  for (let i = 1; i <= IMPORT_ROWS; i++) {
    const row = {
      exchange_id: `fu_ex_${String(i).padStart(7, "0")}`,
      account_id: accountIds[Math.floor(r() * accountIds.length)],
      timestamp: new Date(start + Math.floor((i / IMPORT_ROWS) * span)).toISOString(),
      model: r() < 0.5 ? "frontier-large-2026-03" : "frontier-large-2026-05",
      prompt_tokens: 200 + Math.floor(r() * 1800),
      completion_tokens: 500 + Math.floor(r() * 6000),
    };
    buf += JSON.stringify(row) + "\n";
    if (buf.length > 1 << 20) {
      if (!out.write(buf)) await once(out, "drain");
      buf = "";
    }
  }
  out.end(buf);
  await once(out, "finish");
  return file;
}

/** The viewport, cut off below the page's content so that a short page leaves no empty band. */
async function shoot(page: Page, name: string) {
  const { width, height } = page.viewportSize()!;
  // Charts are drawn in the browser once their code has loaded (next/dynamic, ssr: false): the
  // picture waits until every chart box on the page holds its drawing.
  await page.waitForFunction(() => [...document.querySelectorAll("figure [role=img]")].every((box) => box.querySelector("svg.recharts-surface")));
  const contentBottom = await page.locator("main").evaluate((el) => Math.ceil(el.getBoundingClientRect().bottom));
  // Transitions finished, so the progress bar is drawn where its value says it is.
  await page.screenshot({ path: path.join(outDir, `${name}.png`), animations: "disabled", clip: { x: 0, y: 0, width, height: Math.min(height, contentBottom) } });
  log(`wrote docs/screenshots/${name}.png`);
}

/** Steps are named so that a failure says which screen went wrong. */
async function step<T>(name: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    throw new Error(`${name}: ${(e as Error).message}`);
  }
}

async function takeScreenshots() {
  mkdirSync(outDir, { recursive: true });
  const browser = await chromium.launch(chromiumLaunchOptions);
  try {
    // A picture of a page that logged an error is a picture of a broken page.
    const browserErrors: string[] = [];
    // One browser context a person (or, signed out, a package's recipient).
    const newPage = async () => {
      const context = await browser.newContext({ baseURL, viewport: { width: 1440, height: 900 }, deviceScaleFactor: 1, colorScheme: "light", locale: "en-US", timezoneId: "UTC" });
      context.setDefaultTimeout(30_000);
      context.on("console", (m) => {
        if (m.type() === "error") browserErrors.push(`${m.text()} (at ${m.location().url})`);
      });
      context.on("weberror", (e) => browserErrors.push(`uncaught ${e.error().message}`));
      return context.newPage();
    };
    const signIn = async (page: Page, email: string) => {
      await page.goto("/sign-in");
      await page.getByLabel("Email").fill(email);
      await page.getByLabel("Password").fill(PASSWORD);
      await page.getByRole("button", { name: "Sign in", exact: true }).click();
      await page.waitForURL((u) => u.pathname === "/cases");
    };
    const page = await newPage();

    const caseId = await step("sign in", async () => {
      await signIn(page, ANALYST);
      const href = await page.getByRole("link", { name: CASE_REF, exact: true }).getAttribute("href");
      if (!href) throw new Error(`no link to ${CASE_REF} on the case list`);
      return href.split("/").pop()!;
    });
    const caseUrl = `/cases/${caseId}`;

    await step("case list", async () => {
      await page.getByRole("heading", { name: "Cases", exact: true }).waitFor();
      await page.getByRole("link", { name: "CB-2026-0002", exact: true }).waitFor();
      await shoot(page, "case-list");
    });

    await step("case overview", async () => {
      await page.goto(caseUrl);
      await page.getByRole("heading", { name: "Summary" }).waitFor();
      await page.locator(".count-card").first().waitFor();
      await shoot(page, "case-overview");
    });

    await step("accounts with clusters", async () => {
      await page.goto(`${caseUrl}/accounts`);
      await page.getByRole("heading", { name: /^Clusters/ }).waitFor();
      await page.getByRole("cell").first().waitFor();
      await shoot(page, "accounts-clusters");
    });

    await step("exchanges with the sample viewer", async () => {
      await page.goto(`${caseUrl}/exchanges`);
      await page.locator("tr.row-clickable").first().getByRole("button", { name: /^View exchange/ }).click();
      const viewer = page.getByRole("dialog", { name: /^Exchange / });
      await viewer.locator("pre").first().waitFor();
      await shoot(page, "exchanges-sample-viewer");
      await viewer.getByRole("button", { name: "Close" }).click();
      await viewer.waitFor({ state: "detached" });
    });

    await step("evidence with custody", async () => {
      await page.goto(`${caseUrl}/evidence`);
      await page.locator("summary", { hasText: "Chain of custody" }).first().click();
      await page.getByRole("columnheader", { name: "Action" }).first().waitFor();
      await shoot(page, "evidence-custody");
    });

    await step("clusters", async () => {
      await page.goto(`${caseUrl}/clusters`);
      await page.getByTestId("analysis-result").waitFor();
      await shoot(page, "clusters");
    });

    await step("a suggested cluster", async () => {
      await page.getByRole("link", { name: /^Payment pf_/ }).first().click();
      await page.getByRole("heading", { name: "Members", exact: true }).waitFor();
      await page.getByRole("cell").filter({ hasText: /Payment pf_\w+ with acct_/ }).first().waitFor();
      await shoot(page, "cluster");
    });

    await step("capabilities and estimates", async () => {
      await page.goto(`${caseUrl}/capabilities`);
      await page.getByRole("table", { name: "Capability profile" }).waitFor();
      await shoot(page, "capabilities");
    });

    await step("triage", async () => {
      await page.getByRole("link", { name: "Triage this draw" }).click();
      await page.getByLabel("Prompt", { exact: true }).locator("mark").first().waitFor();
      await shoot(page, "triage");
    });

    await step("template families", async () => {
      await page.goto(`${caseUrl}/templates`);
      await page.getByTestId("family").first().waitFor();
      await shoot(page, "templates");
    });

    await step("findings editor", async () => {
      await page.goto(`${caseUrl}/findings`);
      const summary = page.getByRole("region", { name: "Summary" });
      await summary.getByLabel("Preview of Summary").getByRole("link", { name: "Exhibit 1" }).waitFor();
      await page.getByRole("heading", { name: "Exhibits (7)" }).waitFor();
      await shoot(page, "findings");
    });

    // The reviewer, in a browser of her own: the referral the seed requested, waiting for her.
    const reviewer = await newPage();
    const card = reviewer.getByRole("article", { name: /^Legal referral export / });
    await step("review screen", async () => {
      await signIn(reviewer, REVIEWER);
      await reviewer.goto(`${caseUrl}/exports`);
      await card.getByText("Waiting for review").waitFor();
      if (!(await card.getByRole("button", { name: "Approve and build" }).isEnabled())) throw new Error("the reviewer's approve button is disabled");
      await card.getByLabel("Comment").fill("Findings and exhibits read; the accepted clusters match the custody log. Approved for the referral.");
      await shoot(reviewer, "export-review");
    });

    const packageFile = await step("approve and build a package", async () => {
      await card.getByRole("button", { name: "Approve and build" }).click();
      await card.getByText("Built", { exact: true }).waitFor({ timeout: BUILD_TIMEOUT_MS });
      const downloading = reviewer.waitForEvent("download");
      await card.getByRole("link", { name: "Download package" }).click();
      const file = path.join(dataDir, (await downloading).suggestedFilename());
      await (await downloading).saveAs(file);
      return file;
    });

    await step("verify page", async () => {
      const recipient = await newPage();
      await recipient.goto("/verify");
      await recipient.getByLabel("Evidence package to verify").setInputFiles(packageFile);
      await recipient.getByRole("status").filter({ hasText: "Intact:" }).waitFor();
      await recipient.getByText("the package's key matches it").waitFor();
      await shoot(recipient, "verify");
      await recipient.context().close();
    });
    await reviewer.context().close();

    // Last, since it adds an import to the case the other pictures show.
    await step("import progress", async () => {
      const res = await page.request.get(`/api/v1/cases/${caseId}/accounts?limit=500`);
      if (!res.ok()) throw new Error(`listing the case's accounts answered HTTP ${res.status()}`);
      const accountIds = ((await res.json()) as { items: { accountId: string }[] }).items.map((a) => a.accountId);
      if (accountIds.length === 0) throw new Error(`${CASE_REF} has no accounts to import exchanges for`);
      const file = await writeImportFile(accountIds);

      await page.goto(`${caseUrl}/exchanges`);
      await page.getByLabel("File to import").setInputFiles(file);
      const bar = page.getByRole("progressbar", { name: "Import progress" });
      // Part-way, with the rate and time left already measured: what a person watching sees.
      await page.waitForFunction(
        () => {
          const el = document.querySelector('[role="progressbar"][aria-label="Import progress"]');
          const pct = Number(el?.getAttribute("aria-valuenow"));
          return pct >= 20 && pct <= 70 && /rows\/s .* left/.test(el?.parentElement?.textContent ?? "");
        },
        undefined,
        { timeout: IMPORT_TIMEOUT_MS, polling: 100 },
      );
      await shoot(page, "import-progress");
      const after = Number(await bar.getAttribute("aria-valuenow"));
      if (!(after < 100)) throw new Error("the import finished while the picture was taken; it must show the bar part-way");
      // Let it land: the picture is of an import that succeeds, and the app then stops with no
      // import in flight.
      await page.getByText(`Imported ${IMPORT_ROWS.toLocaleString("en-US")} exchanges`).waitFor({ timeout: IMPORT_TIMEOUT_MS });
    });

    if (browserErrors.length) throw new Error(`the browser reported errors:\n  - ${browserErrors.join("\n  - ")}`);
  } finally {
    await browser.close();
  }
}

const app = startApp();
let failed = false;
try {
  log(`starting the app on ${baseURL} (data in ${path.relative(root, dataDir)})`);
  await waitForApp(app);
  await takeScreenshots();
} catch (e) {
  failed = true;
  console.error(`[screenshots] failed at ${(e as Error).message}\n[screenshots] the app's output is in ${path.relative(root, dataDir)}/app.log`);
} finally {
  log("stopping the app");
  await stopApp(app);
}
process.exit(failed ? 1 : 0);
