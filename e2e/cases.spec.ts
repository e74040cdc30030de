import { expect, test } from "./test";
import { signIn, signOut, USERS } from "./helpers";

test("an analyst sees only the cases they are on, by list and by URL", async ({ page, consoleErrors }) => {
  await signIn(page, USERS.analyst2);
  await page.getByLabel("Search").fill("reseller");
  const hidden = page.getByRole("link", { name: "CB-2026-0003" });
  await expect(hidden).toBeVisible();
  const href = await hidden.getAttribute("href");
  await signOut(page);

  await signIn(page, USERS.analyst);
  await expect(page.getByRole("link", { name: "CB-2026-0001" })).toBeVisible();
  await expect(page.getByRole("link", { name: "CB-2026-0003" })).toHaveCount(0);
  consoleErrors.expectFailedLoad(404, href!); // a case you are not on is not found, with a 404
  await page.goto(href!);
  await expect(page.getByText("Case not found")).toBeVisible();
});

test("the case table filters, searches and keeps its state in the URL", async ({ page }) => {
  await signIn(page, USERS.admin);
  const ref = (n: string) => page.getByRole("link", { name: n, exact: true });
  await expect(ref("CB-2026-0001")).toBeVisible();
  await expect(ref("CB-2026-0002")).toBeVisible();
  await page.getByLabel("Status").selectOption("in_review");
  await expect(page).toHaveURL(/status=in_review/);
  await expect(ref("CB-2026-0001")).toHaveCount(0);
  await expect(ref("CB-2026-0002")).toBeVisible();
  await page.reload();
  await expect(page.getByLabel("Status")).toHaveValue("in_review");
  await expect(ref("CB-2026-0001")).toHaveCount(0);
  await expect(ref("CB-2026-0002")).toBeVisible();
  await page.getByLabel("Status").selectOption("");
  await page.getByLabel("Search").fill("Qwen-lab");
  await expect(page).toHaveURL(/q=Qwen-lab/);
  await expect(page).not.toHaveURL(/status=/);
  await expect(ref("CB-2026-0002")).toHaveCount(0);
  await expect(ref("CB-2026-0001")).toBeVisible();
});

test("an analyst opens a case, fixes the form's errors, edits it and sees the activity", async ({ page }) => {
  await signIn(page, USERS.analyst);
  await page.getByRole("link", { name: "New case" }).click();
  await page.getByLabel("Title").fill("AB");
  await page.getByLabel("Window start").fill("2026-06-05");
  await page.getByLabel("Window end").fill("2026-04-22");
  await page.getByRole("button", { name: "Create case" }).click();
  await expect(page.getByText("at least 3 characters")).toBeVisible();
  await expect(page.getByText("end on or after its start")).toBeVisible();

  await page.getByLabel("Title").fill("Tool-use harvesting via reseller keys");
  await page.getByLabel("Window end").fill("2026-07-01");
  await page.getByLabel("Suspected actor").fill("<b>Reseller</b> & co");
  await page.getByLabel("Severity").selectOption("high");
  await page.getByRole("button", { name: "Create case" }).click();
  await expect(page.getByRole("heading", { name: "Tool-use harvesting via reseller keys" })).toBeVisible();
  await expect(page.getByText(/CB-2026-\d{4}/).first()).toBeVisible();
  await expect(page.getByText("<b>Reseller</b> & co").first()).toBeVisible();

  await page.getByRole("link", { name: "Edit" }).click();
  await page.getByLabel("Title").fill("Tool-use harvesting via reseller API keys");
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByRole("heading", { name: "Tool-use harvesting via reseller API keys" })).toBeVisible();

  await page.getByRole("link", { name: "Activity" }).click();
  await expect(page.getByText("Tool-use harvesting via reseller API keys").first()).toBeVisible();
  await expect(page.getByText("Edited the case")).toBeVisible();
  await expect(page.getByText("Opened the case").or(page.getByText("Created the case"))).toBeVisible();
});

test("a reviewer cannot edit; the workflow needs a second person to approve", async ({ browser }) => {
  const analyst = await (await browser.newContext()).newPage();
  await signIn(analyst, USERS.analyst);
  const title = `Four-eyes check ${Date.now()}`;
  await analyst.getByRole("link", { name: "New case" }).click();
  await analyst.getByLabel("Title").fill(title);
  await analyst.getByRole("button", { name: "Add member" }).click();
  await analyst.getByLabel("Person 1").selectOption({ label: "Rita Reviewer (reviewer)" });
  await analyst.getByLabel("Case role 1").selectOption("reviewer");
  await analyst.getByRole("button", { name: "Create case" }).click();
  await expect(analyst.getByRole("heading", { name: title })).toBeVisible();
  const caseUrl = analyst.url();
  await analyst.getByRole("button", { name: "Submit for review" }).click();
  await expect(analyst.getByText("in review").first()).toBeVisible();
  await expect(analyst.getByRole("button", { name: "Approve" })).toHaveCount(0);

  const reviewer = await (await browser.newContext()).newPage();
  await signIn(reviewer, USERS.reviewer);
  await reviewer.goto(caseUrl);
  await expect(reviewer.getByRole("heading", { name: title })).toBeVisible();
  await expect(reviewer.getByRole("link", { name: "Edit" })).toHaveCount(0);
  await reviewer.getByRole("button", { name: "Request changes" }).click();
  await reviewer.getByLabel("What needs to change").fill("Tie the hydra-B accounts to the payment evidence.");
  await reviewer.getByRole("button", { name: "Send back for changes" }).click();
  await expect(reviewer.getByText("open").first()).toBeVisible();

  await analyst.reload();
  await analyst.getByRole("button", { name: "Submit for review" }).click();
  await expect(analyst.getByText("in review").first()).toBeVisible();
  await reviewer.reload();
  await reviewer.getByRole("button", { name: "Approve" }).click();
  await expect(reviewer.getByText("approved").first()).toBeVisible();
  await reviewer.getByRole("link", { name: "Activity" }).click();
  await expect(reviewer.getByText("Tie the hydra-B accounts to the payment evidence.").first()).toBeVisible();
  await expect(reviewer.getByText("Approved the case")).toBeVisible();
});
