import { expect, test } from "./test";
import { signIn, USERS } from "./helpers";

async function openClusters(page: import("@playwright/test").Page) {
  await page.getByRole("link", { name: "CB-2026-0001", exact: true }).click();
  await page.getByRole("link", { name: "Clusters" }).click();
  await expect(page.getByRole("heading", { name: "Clusters", exact: true })).toBeVisible();
}

test("an analyst runs suggestions, sees why an account is in a cluster, accepts it and merges another in; a reviewer can only read", async ({ page, browser }) => {
  await signIn(page, USERS.analyst);
  await openClusters(page);
  // The demo seed suggested once already; this run replaces those suggestions (nobody acted on them).
  await expect(page.getByTestId("analysis-result")).toContainText(" 0 earlier suggestions replaced");
  await page.getByRole("button", { name: "Suggest clusters" }).click();
  await expect(page.getByTestId("analysis-result")).toContainText(/[1-9]\d* earlier suggestions replaced/);
  await page.reload();
  // Proposed ones only: the demo analyst accepted the largest suggestion to cite it in the findings.
  const proposed = page.getByRole("row").filter({ has: page.getByRole("cell", { name: "proposed", exact: true }) }).getByRole("link", { name: /^Payment pf_/ });
  await expect(proposed.first()).toBeVisible();
  expect(await proposed.count()).toBeGreaterThanOrEqual(2);
  const names = await proposed.allTextContents();

  await proposed.first().click();
  await expect(page.getByRole("heading", { name: names[0] })).toBeVisible();
  // Each member says which link ties it in: the signal, the shared value, how widely the case shares it.
  const why = page.getByRole("cell").filter({ hasText: /Payment pf_\w+ with acct_/ }).first();
  await expect(why).toContainText("shared by");
  await expect(why).toContainText("weight");
  await page.getByRole("button", { name: "Accept" }).click();
  await expect(page.getByTestId("cluster-status")).toHaveText("accepted");

  const merge = page.getByLabel("Merge into this");
  const other = merge.locator("option", { hasText: names[1] });
  await merge.selectOption((await other.getAttribute("value"))!);
  await page.getByRole("button", { name: "Merge" }).click();
  await expect(other).toHaveCount(0);
  await page.getByRole("link", { name: "Activity" }).click();
  await expect(page.getByText("Merged two clusters")).toBeVisible();
  // (The demo seed accepted two clusters too: pick this test's by the cluster's name.)
  await expect(page.getByRole("row").filter({ hasText: "Accepted a cluster" }).filter({ hasText: names[0] })).toBeVisible();
  await expect(page.getByText("Suggested clusters from linking signals").first()).toBeVisible();

  const reviewer = await (await browser.newContext()).newPage();
  await signIn(reviewer, USERS.reviewer);
  await openClusters(reviewer);
  await expect(reviewer.getByRole("button", { name: "Suggest clusters" })).toBeDisabled();
  await reviewer.getByRole("link", { name: names[0] }).click();
  await expect(reviewer.getByRole("heading", { name: "Members", exact: true })).toBeVisible();
  await expect(reviewer.getByRole("cell").filter({ hasText: /Payment pf_\w+ with acct_/ }).first()).toBeVisible();
  await expect(reviewer.getByRole("button", { name: "Accept" })).toHaveCount(0);
  await expect(reviewer.getByRole("button", { name: "Merge" })).toHaveCount(0);
  await expect(reviewer.getByRole("checkbox")).toHaveCount(0);
});
