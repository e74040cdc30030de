import { expect, test } from "./test";
import { signIn, USERS } from "./helpers";
import type { Page } from "@playwright/test";

async function openCase(page: Page, tab: string) {
  await page.getByRole("link", { name: "CB-2026-0001", exact: true }).click();
  await page.getByRole("link", { name: tab, exact: true }).click();
}

/** Selects `words` inside the prompt as a person would with the mouse. */
async function selectInPrompt(page: Page, words: string) {
  await page.getByLabel("Prompt", { exact: true }).evaluate((pre, w) => {
    const walker = document.createTreeWalker(pre, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const at = (n.textContent ?? "").indexOf(w);
      if (at < 0) continue;
      const r = document.createRange();
      r.setStart(n, at);
      r.setEnd(n, at + w.length);
      const sel = window.getSelection()!;
      sel.removeAllRanges();
      sel.addRange(r);
      pre.dispatchEvent(new MouseEvent("mouseup", { bubbles: true }));
      return;
    }
    throw new Error(`'${w}' is not in the prompt`);
  }, words);
}

test("three samples annotated from the keyboard, one with a highlighted span, move the profile, the estimate and the Overview; a reviewer changes nothing", async ({ page, browser }) => {
  await signIn(page, USERS.analyst);
  await openCase(page, "Capabilities");
  const row = page.getByTestId("profile-multilingual");
  await expect(row).toContainText("0.0%");
  await page.getByRole("link", { name: "Triage this draw" }).click();
  await expect(page.getByTestId("triage-position")).toHaveText(/^1 of 60$/);

  const multilingual = page.getByRole("button", { name: /Multilingual/ });
  await page.keyboard.press("8");
  await expect(multilingual).toHaveAttribute("aria-pressed", "true");

  await page.keyboard.press("j");
  await expect(page.getByTestId("triage-position")).toHaveText(/^2 of 60$/);
  const words = ((await page.getByLabel("Prompt", { exact: true }).textContent()) ?? "").slice(0, 24);
  await selectInPrompt(page, words);
  await expect(page.getByTestId("selection")).toContainText(words);
  await page.keyboard.press("8");
  await expect(multilingual).toHaveAttribute("aria-pressed", "true");
  await expect(page.getByLabel("Prompt", { exact: true }).locator("mark", { hasText: words })).toBeVisible();

  await page.keyboard.press("j");
  await expect(page.getByTestId("triage-position")).toHaveText(/^3 of 60$/);
  await page.keyboard.press("8");
  await expect(multilingual).toHaveAttribute("aria-pressed", "true");
  await page.keyboard.press("?");
  await expect(page.getByRole("dialog", { name: "Keyboard shortcuts" })).toBeVisible();
  await page.keyboard.press("Escape");

  // Back at the second sample, the highlight is still there.
  await page.keyboard.press("k");
  await expect(page.getByTestId("triage-position")).toHaveText(/^2 of 60$/);
  await expect(page.getByLabel("Prompt", { exact: true }).locator("mark", { hasText: words })).toBeVisible();

  await page.getByRole("link", { name: "← Capabilities" }).click();
  await expect(row).toContainText("5.0%");
  await expect(row).toContainText("targeted multilingual");
  await page.getByRole("link", { name: "Overview" }).click();
  const profile = page.getByRole("figure", { name: "Capability profile" });
  await profile.getByText("Show the numbers").click();
  await expect(profile.getByRole("row", { name: /Multilingual/ })).toContainText("3");

  const reviewer = await (await browser.newContext()).newPage();
  await signIn(reviewer, USERS.reviewer);
  await openCase(reviewer, "Capabilities");
  await expect(reviewer.getByTestId("profile-multilingual")).toContainText("5.0%");
  await expect(reviewer.getByRole("button", { name: "Draw" })).toHaveCount(0);
  await reviewer.getByRole("link", { name: "Triage this draw" }).click();
  await expect(reviewer.getByTestId("triage-position")).toHaveText(/^1 of 60$/);
  const theirs = reviewer.getByRole("button", { name: /Agentic reasoning/ });
  await expect(theirs).toBeDisabled();
  await reviewer.keyboard.press("1");
  await expect(theirs).toHaveAttribute("aria-pressed", "false");
});

test("single-key shortcuts can be turned off, or made to need Alt, in Settings; every key keeps its button", async ({ page }) => {
  await signIn(page, USERS.analyst);
  await page.goto("/settings");
  await page.getByRole("radio", { name: /^Off/ }).check();
  await page.goto("/cases");
  await openCase(page, "Capabilities");
  await page.getByRole("link", { name: "Triage this draw" }).click();
  await expect(page.getByTestId("triage-position")).toHaveText(/^1 of \d+$/);
  const multilingual = page.getByRole("button", { name: /Multilingual/ });
  const before = await multilingual.getAttribute("aria-pressed");
  // A stray key, or a word said to speech input, does nothing; the buttons and the arrow keys still work.
  await page.keyboard.press("8");
  await page.keyboard.press("j");
  await expect(page.getByTestId("triage-position")).toHaveText(/^1 of \d+$/);
  await expect(multilingual).toHaveAttribute("aria-pressed", before!);
  await expect(page.getByRole("button", { name: "Next", exact: true })).toBeVisible();
  await page.keyboard.press("ArrowRight");
  await expect(page.getByTestId("triage-position")).toHaveText(/^2 of \d+$/);

  // With Alt: the key alone does nothing, Alt+key does it; the chosen mode shows in the keys dialog.
  await page.getByRole("button", { name: "Keys" }).click();
  await page.getByRole("dialog", { name: "Keyboard shortcuts" }).getByRole("radio", { name: /^With Alt/ }).check();
  await page.getByRole("dialog", { name: "Keyboard shortcuts" }).getByRole("button", { name: "Close" }).click();
  await expect(page.getByRole("button", { name: "Next Alt+j" })).toBeVisible();
  await page.keyboard.press("j");
  await expect(page.getByTestId("triage-position")).toHaveText(/^2 of \d+$/);
  await page.keyboard.press("Alt+j");
  await expect(page.getByTestId("triage-position")).toHaveText(/^3 of \d+$/);
});
