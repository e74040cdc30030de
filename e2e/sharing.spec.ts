// Sharing with a partner lab, as its people do it: an admin adds the partner (its key made here and
// shown once) and gives it a TAXII token; an analyst of the demo case prepares a share; they cannot
// approve it themselves; a reviewer approves it; the partner's TAXII client reads it from the running
// server with its token, keyed: no account email of the case appears in what it reads.
import { e2eDb, signIn, USERS } from "./helpers";
import { expect, test } from "./test";

const TAXII = "application/taxii+json;version=2.1";

test("an analyst prepares a share, a reviewer approves it, and the partner reads it over TAXII 2.1 with its token, identifiers keyed", async ({ page, browser, request }) => {
  test.setTimeout(180_000);
  const partner = `Meridian AI ${Date.now()}`;

  // The admin adds the partner and its TAXII token; each secret is shown once.
  await signIn(page, USERS.admin);
  await page.getByRole("link", { name: "Partners" }).click();
  await page.getByLabel("Name", { exact: true }).fill(partner);
  await page.getByLabel("Contact (optional)").fill("trust-safety@meridian.example");
  await page.getByRole("button", { name: "Add partner" }).click();
  const key = await page.getByLabel(`Sharing key for ${partner} (base64)`).inputValue();
  expect(Buffer.from(key, "base64")).toHaveLength(32);
  await page.getByRole("button", { name: "I have copied it" }).click();
  const card = page.getByRole("article", { name: `Partner ${partner}` });
  await card.getByLabel("New TAXII token, named for its use").fill("their TAXII client");
  await card.getByRole("button", { name: "Create token" }).click();
  const token = await card.getByLabel(`TAXII token for ${partner}`).inputValue();
  expect(token).toMatch(/^tx_[0-9a-f]{12}_/);
  const collection = (await card.getByText(/TAXII collection/).textContent())!.match(/[0-9a-f-]{36}/)![0];

  // Before anything is approved, the partner's collection is empty.
  const empty = await request.get(`/taxii2/api/collections/${collection}/objects/`, { headers: { authorization: `Bearer ${token}`, accept: TAXII } });
  expect(empty.status()).toBe(200);
  expect(await empty.json()).toMatchObject({ more: false, objects: [] });

  // The analyst prepares a share of the demo case: TLP:AMBER, the defaults.
  const analyst = await (await browser.newContext()).newPage();
  await signIn(analyst, USERS.analyst);
  await analyst.getByRole("link", { name: "CB-2026-0001", exact: true }).click();
  await analyst.getByRole("link", { name: "Sharing", exact: true }).click();
  // The demo's partner sent its indicators keyed for us: part of them match this case.
  const meridian = analyst.getByRole("article", { name: "Bundle from Meridian AI (demo partner)" });
  await expect(meridian.getByText(/^\d[\d,]* of their indicators match$/)).toBeVisible();
  // Kind, their indicators, past valid_until, matched, our accounts: some match, not all.
  await expect(meridian.getByRole("row", { name: /Account emails/ }).getByRole("cell")).toHaveText([/Account emails/, /^\d+$/, "0", /^[1-9]\d*$/, /^[1-9]\d*$/]);
  const choice = analyst.getByLabel("Partner", { exact: true }).locator("option", { hasText: partner });
  await analyst.getByLabel("Partner", { exact: true }).selectOption((await choice.getAttribute("value"))!);
  await analyst.getByRole("button", { name: "Prepare for review" }).click();
  const share = analyst.getByRole("article", { name: `Share with ${partner}, requested` });
  await expect(share.getByText("Waiting for review")).toBeVisible({ timeout: 60_000 });
  await expect(share.getByText(/account emails \(keyed\)/i)).toBeVisible();
  // Only a reviewer approves; the analyst is told who does.
  await expect(share.getByRole("button", { name: /Approve/ })).toHaveCount(0);
  await expect(share.getByText("A reviewer assigned to this case, other than the preparer, approves it.")).toBeVisible();

  // The reviewer approves it.
  const reviewer = await (await browser.newContext()).newPage();
  await signIn(reviewer, USERS.reviewer);
  await reviewer.goto(new URL(analyst.url()).pathname);
  const toReview = reviewer.getByRole("article", { name: `Share with ${partner}, requested` });
  await toReview.getByRole("button", { name: `Approve and publish to ${partner}` }).click();
  await expect(reviewer.getByRole("article", { name: `Share with ${partner}, approved` }).getByText("Approved: in the partner's TAXII collection")).toBeVisible();

  // The partner's client: discovery (with TAXII's trailing slashes), its one collection, the objects.
  const auth = { authorization: `Bearer ${token}`, accept: TAXII };
  const discovery = await request.get("/taxii2/", { headers: auth, maxRedirects: 0 });
  expect(discovery.status()).toBe(200);
  expect(discovery.headers()["content-type"]).toBe(TAXII);
  const root = (await discovery.json()) as { api_roots: string[] };
  const cols = (await (await request.get(new URL(root.api_roots[0]).pathname + "collections/", { headers: auth, maxRedirects: 0 })).json()) as { collections: { id: string }[] };
  expect(cols.collections.map((c) => c.id)).toEqual([collection]);
  const objects: { type: string; id: string }[] = [];
  let text = "";
  let next: string | undefined;
  do {
    const res = await request.get(`/taxii2/api/collections/${collection}/objects/?limit=50${next ? `&next=${encodeURIComponent(next)}` : ""}`, { headers: auth, maxRedirects: 0 });
    expect(res.status()).toBe(200);
    text += await res.text();
    const env = (await res.json()) as { more: boolean; next?: string; objects: { type: string; id: string }[] };
    objects.push(...env.objects);
    next = env.more ? env.next : undefined;
  } while (next);
  expect(objects.filter((o) => o.type === "indicator").length).toBeGreaterThan(10);
  expect(objects.some((o) => o.id === "marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421")).toBe(true); // TLP:AMBER

  // No account email of the case, in any case, reached the partner in clear.
  const db = e2eDb();
  await db.connect();
  const emails = (await db.query(`SELECT DISTINCT lower(a.email) AS e FROM account a JOIN "case" c ON c.id = a."caseId" WHERE c.ref = 'CB-2026-0001' AND a.email IS NOT NULL`)).rows.map((r) => r.e as string);
  await db.end();
  expect(emails.length).toBeGreaterThan(10);
  const lower = text.toLowerCase();
  expect(emails.filter((e) => lower.includes(e))).toEqual([]);

  // Another partner's id is not found for this token; a person's session is not a TAXII token.
  expect((await request.get(`/taxii2/api/collections/${crypto.randomUUID()}/objects/`, { headers: auth })).status()).toBe(404);
  expect((await analyst.request.get("/taxii2/api/collections/")).status()).toBe(401);

  // The production log shows the read.
  await analyst.reload();
  await expect(analyst.getByRole("article", { name: `Share with ${partner}, approved` }).getByText(/Read over TAXII \d+ time/)).toBeVisible();

  // The partner's side, played in this Casebook: a second case reads the collection over TAXII, keyed
  // with the same agreed key, and the matches show, in the demo case the analyst can see.
  await analyst.getByRole("link", { name: "Cases", exact: true }).click();
  await analyst.getByRole("link", { name: "New case" }).click();
  await analyst.getByLabel("Title").fill(`Intake from ${partner}`);
  await analyst.getByRole("button", { name: "Create case" }).click();
  await expect(analyst.getByRole("heading", { name: `Intake from ${partner}` })).toBeVisible();
  await analyst.getByRole("link", { name: "Sharing", exact: true }).click();
  const intake = analyst.getByRole("region", { name: "From partner labs" });
  const sender = intake.getByLabel("Sent by");
  await sender.selectOption((await sender.locator("option", { hasText: partner }).getAttribute("value"))!);
  await intake.getByLabel("Or their TAXII collection's URL").fill(new URL(`/taxii2/api/collections/${collection}/`, analyst.url()).toString());
  await intake.getByLabel("Their token for us").fill(token);
  await intake.getByRole("button", { name: "Read and match" }).click();
  const matched = analyst.getByRole("article", { name: `Bundle from ${partner}` });
  await expect(matched.getByText(/^\d[\d,]* of their indicators match$/)).toBeVisible({ timeout: 60_000 });
  await expect(matched.getByRole("link", { name: "CB-2026-0001" })).toBeVisible();
  await expect(matched.getByRole("row", { name: /Account emails/ }).getByRole("cell")).toHaveText([/Account emails/, /^[1-9]\d*$/, "0", /^[1-9]\d*$/, /^[1-9]\d*$/]);
  // Kept as evidence of the intake case, with its digest.
  await analyst.getByRole("navigation", { name: "Case sections" }).getByRole("link", { name: "Evidence", exact: true }).click();
  await expect(analyst.getByText(/^taxii-localhost-.*\.json$/)).toBeVisible();
});
