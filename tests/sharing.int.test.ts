// Sharing a case's indicators with partner labs, through the API and the TAXII 2.1 server:
// partners and their keys, a share prepared and approved by two people, bundles that validate and
// carry no identifier in clear, keyed values that differ per partner, and a TAXII collection that
// pages with added_after / limit / next and shows one partner nothing of another's.
import { createHash, createHmac } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { parse } from "csv-parse/sync";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../lib/db";
import { normalise, type TKeyedKind } from "../lib/sharing/keyed";
import { caseMatchSummaries } from "../lib/sharing/match";
import { buildBundle } from "../lib/sharing/stix";
import { validateBundle } from "../lib/sharing/validate";
import { api, apiOk } from "./api-client";
import { makeToken, makeUser } from "./fixtures";
import { drain } from "./import-client";

const FIXTURES = path.resolve(import.meta.dirname, "../e2e/fixtures");
const TAXII = "application/taxii+json;version=2.1";

type TBundle = { type: string; id: string; objects: { id: string; type: string; modified?: string; created?: string; [k: string]: unknown }[] };
type TEnvelope = { more: boolean; next?: string; objects: TBundle["objects"] };

/** Every string in a JSON value, keys included. */
function strings(v: unknown, out: string[] = []): string[] {
  if (typeof v === "string") out.push(v);
  else if (Array.isArray(v)) for (const x of v) strings(x, out);
  else if (v && typeof v === "object")
    for (const [k, x] of Object.entries(v)) {
      out.push(k);
      strings(x, out);
    }
  return out;
}

const taxii = (url: string, token: string | null, accept = TAXII) => api<Record<string, unknown>>("GET", url, null, undefined, { accept, ...(token ? { authorization: `Bearer ${token}` } : {}) });

let caseId: string;
let analystToken: string;
let reviewerToken: string;
let adminToken: string;
const accounts = readFileSync(path.join(FIXTURES, "accounts.sample.csv"), "utf8");
const partners: Record<"a" | "b", { id: string; key: Buffer; token: string }> = {} as never;

/** The identifying values of the imported accounts, as the CSV has them. */
function identifiers(): { kind: TKeyedKind; value: string }[] {
  const rows = parse(accounts, { columns: true, skip_empty_lines: true }) as Record<string, string>[];
  return rows.flatMap((r) => [
    { kind: "account_id" as const, value: r.account_id },
    ...(r.email ? [{ kind: "email" as const, value: r.email }, { kind: "email_domain" as const, value: r.email }] : []),
    ...(r.payment_fingerprint ? [{ kind: "payment_fingerprint" as const, value: r.payment_fingerprint }] : []),
    ...(r.organization_id ? [{ kind: "org_id" as const, value: r.organization_id }] : []),
  ]);
}

async function shareAndApprove(partnerId: string, tlp = "amber") {
  const s = await apiOk<{ id: string; bundleSha256: string }>(201, "POST", `/api/v1/cases/${caseId}/shares`, analystToken, {
    partnerId,
    tlp,
    include: ["payment_fingerprint", "org_id", "email", "email_domain", "account_id", "ip_range", "asn_user_agent", "campaign"],
    validDays: 30,
  });
  await apiOk(200, "POST", `/api/v1/shares/${s.id}/approve`, reviewerToken, { comment: "Checked." });
  const bundle = await api("GET", `/api/v1/shares/${s.id}/bundle`, analystToken);
  expect(bundle.status).toBe(200);
  return { id: s.id, sha256: s.bundleSha256, text: new TextDecoder().decode(bundle.bytes) };
}

async function readAll(collectionId: string, token: string, query = "") {
  const objects: TBundle["objects"] = [];
  let next: string | undefined;
  let pages = 0;
  do {
    const r = await taxii(`/taxii2/api/collections/${collectionId}/objects/?limit=4${query}${next ? `&next=${encodeURIComponent(next)}` : ""}`, token);
    expect(r.status).toBe(200);
    expect(r.headers.get("content-type")).toBe(TAXII);
    const env = r.body as unknown as TEnvelope;
    objects.push(...env.objects);
    expect(env.objects.length).toBeLessThanOrEqual(4);
    next = env.more ? env.next : undefined;
    pages++;
  } while (next && pages < 200);
  return { objects, pages };
}

beforeAll(async () => {
  const analyst = await makeUser("analyst");
  const reviewer = await makeUser("reviewer");
  analystToken = (await makeToken(analyst.email, "share")).token;
  reviewerToken = (await makeToken(reviewer.email, "review")).token;
  adminToken = (await makeToken((await makeUser("admin")).email, "admin")).token;
  caseId = (await apiOk<{ id: string }>(201, "POST", "/api/v1/cases", analystToken, { title: "Hydra: shared with partners", severity: "high" })).id;
  await apiOk(200, "PUT", `/api/v1/cases/${caseId}/team`, analystToken, { leadId: analyst.id, members: [{ userId: reviewer.id, role: "reviewer" }] });
  for (const [kind, file] of [
    ["accounts", "accounts.sample.csv"],
    ["exchanges", "exchanges.sample.jsonl"],
  ]) {
    await apiOk(202, "POST", `/api/v1/cases/${caseId}/imports?kind=${kind}&filename=${file}`, analystToken, readFileSync(path.join(FIXTURES, file)));
    await drain();
  }
  for (const k of ["a", "b"] as const) {
    const p = await apiOk<{ id: string; generatedKey: string }>(201, "POST", "/api/v1/partners", adminToken, { name: `Partner lab ${k.toUpperCase()} ${Date.now()}` });
    const t = await apiOk<{ token: string }>(201, "POST", `/api/v1/partners/${p.id}/taxii-tokens`, adminToken, { name: "their client" });
    partners[k] = { id: p.id, key: Buffer.from(p.generatedKey, "base64"), token: t.token };
  }
}, 120_000);

describe("sharing indicators", () => {
  it("needs a reviewer other than the preparer, and keys every identifier under the partner's key", async () => {
    const s = await apiOk<{ id: string }>(201, "POST", `/api/v1/cases/${caseId}/shares`, analystToken, { partnerId: partners.a.id, tlp: "green", include: ["email"] });
    expect((await api("POST", `/api/v1/shares/${s.id}/approve`, analystToken, {})).status).toBe(403);
    const bad = await api<{ error: { details: { field: string }[] } }>("POST", `/api/v1/cases/${caseId}/shares`, analystToken, { partnerId: partners.a.id, tlp: "purple", include: [] });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((d) => d.field).sort()).toEqual(["include", "tlp"]);

    const a = await shareAndApprove(partners.a.id);
    const b = await shareAndApprove(partners.b.id);
    const bundleA = JSON.parse(a.text) as TBundle;
    const bundleB = JSON.parse(b.text) as TBundle;
    // What was reviewed is what is served: the stored bytes hash to the approved SHA-256.
    expect(createHash("sha256").update(a.text).digest("hex")).toBe(a.sha256);
    for (const bundle of [bundleA, bundleB]) expect(validateBundle(bundle), JSON.stringify(validateBundle(bundle).problems.slice(0, 3))).toMatchObject({ ok: true, problems: [] });

    // No identifier of the case in clear, anywhere, in any form; and each is there keyed.
    const ids = identifiers();
    expect(ids.length).toBeGreaterThan(20);
    for (const [bundle, key] of [
      [bundleA, partners.a.key],
      [bundleB, partners.b.key],
    ] as const) {
      const all = strings(bundle).join("\n").toLowerCase();
      for (const { kind, value } of ids) {
        expect(all.includes(normalise(kind, value).toLowerCase()), `${kind} ${value} in clear`).toBe(false);
        const mac = createHmac("sha256", key).update(`${kind}:${normalise(kind, value)}`).digest("hex");
        expect(all.includes(mac), `${kind} ${value} keyed`).toBe(true);
      }
    }
    // The same email under the two partners' keys: two unrelated values, and no shared indicator id.
    const email = ids.find((i) => i.kind === "email")!;
    const macA = createHmac("sha256", partners.a.key).update(`email:${normalise("email", email.value)}`).digest("hex");
    const macB = createHmac("sha256", partners.b.key).update(`email:${normalise("email", email.value)}`).digest("hex");
    expect(macA).not.toBe(macB);
    expect(a.text.includes(macB) || b.text.includes(macA)).toBe(false);
    const idsA = new Set(bundleA.objects.filter((o) => o.type === "indicator").map((o) => o.id));
    expect(bundleB.objects.filter((o) => idsA.has(o.id))).toEqual([]);
    // Network values go in clear: the /24 two of the accounts signed up from.
    expect(a.text).toContain("203.0.113.0/24");
  });

  it("serves each partner its own collection over TAXII 2.1, paged with limit, next and added_after", async () => {
    const { id: collection } = partners.a;
    // Discovery and the API root.
    const discovery = await taxii("/taxii2/", partners.a.token);
    expect(discovery.status).toBe(200);
    expect(discovery.body).toMatchObject({ api_roots: [expect.stringMatching(/\/taxii2\/api\/$/)] });
    expect((await taxii("/taxii2/api/", partners.a.token)).body).toMatchObject({ versions: [TAXII] });
    const cols = (await taxii("/taxii2/api/collections/", partners.a.token)).body as { collections: { id: string; can_read: boolean; can_write: boolean }[] };
    expect(cols.collections).toEqual([expect.objectContaining({ id: collection, can_read: true, can_write: false })]);

    const before = new Date().toISOString();
    const first = await readAll(collection, partners.a.token);
    expect(first.pages).toBeGreaterThan(2);
    const approved = await db().indicatorShare.findMany({ where: { partnerId: collection, status: "approved" }, select: { bundle: true } });
    const expected = new Set(approved.flatMap((s) => (JSON.parse(s.bundle) as TBundle).objects.map((o) => o.id)));
    expect(new Set(first.objects.map((o) => o.id))).toEqual(expected);
    expect(first.objects.length).toBe(expected.size); // the latest version of each, once

    // A re-share: the same ids, newer `modified`; only those come after the earlier read.
    await new Promise((r) => setTimeout(r, 5));
    const again = await shareAndApprove(partners.a.id);
    const newer = await readAll(collection, partners.a.token, `&added_after=${encodeURIComponent(before)}`);
    const since = await db().indicatorShare.findFirstOrThrow({ where: { id: again.id } });
    const onlyNew = await readAll(collection, partners.a.token, `&added_after=${encodeURIComponent(new Date(since.approvedAt!.getTime() - 1).toISOString())}`);
    const reshared = JSON.parse(again.text) as TBundle;
    expect(onlyNew.objects.length).toBeGreaterThan(0);
    for (const o of onlyNew.objects) expect(reshared.objects.find((x) => x.id === o.id && (x.modified ?? x.created) === (o.modified ?? o.created)), o.id).toBeDefined();
    const indicator = reshared.objects.find((o) => o.type === "indicator")!;
    const inFirst = first.objects.find((o) => o.id === indicator.id)!;
    expect(inFirst.created).toBe(indicator.created);
    expect(String(indicator.modified) > String(inFirst.modified)).toBe(true);
    expect(newer.objects.length).toBeGreaterThanOrEqual(onlyNew.objects.length);
    const nothing = await taxii(`/taxii2/api/collections/${collection}/objects/?added_after=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`, partners.a.token);
    expect(nothing.body).toMatchObject({ more: false, objects: [] });

    // The manifest lists the same, one line per object.
    const manifest = (await taxii(`/taxii2/api/collections/${collection}/manifest/?limit=1000`, partners.a.token)).body as { objects: { id: string; version: string; media_type: string }[] };
    expect(manifest.objects.map((m) => m.id).sort()).toEqual([...new Set(manifest.objects.map((m) => m.id))].sort());
    expect(manifest.objects.find((m) => m.id === indicator.id)?.version).toBe(indicator.modified);

    // The production log: what went to whom, and when it was read.
    const shares = await apiOk<{ items: { id: string; status: string; reads: { reads: number } }[] }>(200, "GET", `/api/v1/cases/${caseId}/shares`, reviewerToken);
    expect(shares.items.find((s) => s.id === again.id)?.reads.reads).toBeGreaterThan(0);
    expect(await db().auditEvent.count({ where: { caseId, action: "share.serve" } })).toBeGreaterThan(0);
  });

  it("shows a partner nothing of another's collection, and nothing to a revoked or a person's token", async () => {
    const { id: collectionA } = partners.a;
    for (const url of [`/taxii2/api/collections/${collectionA}/`, `/taxii2/api/collections/${collectionA}/objects/`, `/taxii2/api/collections/${collectionA}/manifest/`]) {
      const r = await taxii(url, partners.b.token);
      expect(r.status, url).toBe(404);
      expect(r.body).toMatchObject({ http_status: "404" });
      expect(JSON.stringify(r.body)).not.toContain("indicator--");
    }
    const colsB = (await taxii("/taxii2/api/collections/", partners.b.token)).body as { collections: { id: string }[] };
    expect(colsB.collections.map((c) => c.id)).toEqual([partners.b.id]);
    const objectsB = await readAll(partners.b.id, partners.b.token);
    const idsA = new Set((await readAll(collectionA, partners.a.token)).objects.filter((o) => o.type !== "marking-definition" && o.type !== "identity" && o.type !== "extension-definition").map((o) => o.id));
    expect(objectsB.objects.filter((o) => idsA.has(o.id))).toEqual([]);

    // A person's API token is not a TAXII token; a revoked TAXII token reads nothing.
    expect((await taxii("/taxii2/api/collections/", analystToken)).status).toBe(401);
    expect((await taxii("/taxii2/api/collections/", null)).status).toBe(401);
    const extra = await apiOk<{ id: string; token: string }>(201, "POST", `/api/v1/partners/${partners.b.id}/taxii-tokens`, adminToken, { name: "to revoke" });
    expect((await taxii("/taxii2/api/collections/", extra.token)).status).toBe(200);
    await apiOk(200, "DELETE", `/api/v1/taxii-tokens/${extra.id}`, adminToken);
    expect((await taxii("/taxii2/api/collections/", extra.token)).status).toBe(401);
    // Bad paging input is a TAXII 400, and a client that takes only XML is told what this server speaks.
    expect((await taxii(`/taxii2/api/collections/${partners.b.id}/objects/?limit=0`, partners.b.token)).body).toMatchObject({ http_status: "400" });
    expect((await taxii(`/taxii2/api/collections/${partners.b.id}/objects/?next=garbage`, partners.b.token)).status).toBe(400);
    expect((await taxii("/taxii2/", partners.b.token, "application/xml")).status).toBe(406);
  });

  it("takes a withdrawn share out of the collection", async () => {
    const s = await shareAndApprove(partners.b.id, "red");
    const before = await readAll(partners.b.id, partners.b.token);
    const marking = "marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1";
    expect(before.objects.some((o) => o.id === marking)).toBe(true);
    await apiOk(200, "POST", `/api/v1/shares/${s.id}/void`, reviewerToken, { reason: "Sent to the wrong contact." });
    const after = await readAll(partners.b.id, partners.b.token);
    expect(after.objects.some((o) => o.id === marking)).toBe(false);
  });

  it("matches a partner's keyed bundle against our accounts in every case we may see, as evidence, live indicators only", async () => {
    // A second case, where the partner's bundle arrives; the accounts it names are in the first.
    const second = await apiOk<{ id: string }>(201, "POST", "/api/v1/cases", analystToken, { title: "Partner intake", severity: "medium" });
    const ids = identifiers();
    const emails = ids.filter((i) => i.kind === "email").slice(0, 3);
    const cards = ids.filter((i) => i.kind === "payment_fingerprint").slice(0, 1);
    expect(emails).toHaveLength(3);
    const now = new Date();
    const live = { validFrom: new Date(now.getTime() - 86_400_000), validUntil: new Date(now.getTime() + 30 * 86_400_000) };
    const peer = (validFrom: Date, validUntil: Date, keyed: { kind: TKeyedKind; value: string }[]) =>
      buildBundle({
        lab: { name: "Partner lab A's Casebook" },
        recipient: { id: "22222222-2222-4222-8222-222222222222", name: "Us", key: partners.a.key },
        case: { id: "their-case", ref: "PX-2026-0042", title: "Their campaign" },
        tlp: "amber",
        created: validFrom,
        modified: validFrom,
        validFrom,
        validUntil,
        window: null,
        volume: { accounts: 0, exchanges: 0 },
        keyed,
        ipRanges: ["203.0.113.0/24", "198.18.0.0/24"],
        asnUserAgents: [],
        templateSignatures: [],
      });
    const theirs = peer(live.validFrom, live.validUntil, [...emails, ...cards, { kind: "email", value: "nobody-we-know@elsewhere.example" }]);
    const expired = peer(new Date("2025-01-01T00:00:00Z"), new Date("2025-06-01T00:00:00Z"), emails);
    const upload = (body: string, name: string) => api<{ id: string; duplicate: boolean; error?: { message: string; details: unknown[] } }>("POST", `/api/v1/cases/${second.id}/peer-bundles?partnerId=${partners.a.id}&filename=${name}`, analystToken, body);

    // A file that is no bundle is refused by what is wrong, and nothing of it is kept in the case.
    const evidenceBefore = await db().evidenceItem.count({ where: { caseId: second.id } });
    const bad = await upload(JSON.stringify({ type: "bundle", id: "bundle--x", objects: [{ type: "indicator" }] }), "bad.json");
    expect(bad.status).toBe(400);
    expect(bad.body.error!.details.length).toBeGreaterThan(0);
    expect(await db().evidenceItem.count({ where: { caseId: second.id } })).toBe(evidenceBefore);

    const ok = await upload(JSON.stringify(theirs), "partner-a.json");
    expect(ok.status).toBe(201);
    expect((await upload(JSON.stringify(theirs), "partner-a-again.json")).body).toMatchObject({ id: ok.body.id, duplicate: true });
    const old = await upload(JSON.stringify(expired), "partner-a-old.json");
    expect(old.status).toBe(201);

    type TM = { byKind: { kind: string; indicators: number; expired: number; matched: number; accounts: number }[]; cases: { caseId: string; accounts: number }[]; matches: { shown: string; accounts: { externalId: string }[] }[]; bundle: { evidence: { id: string; sha256: string } } };
    const m = await apiOk<TM>(200, "GET", `/api/v1/peer-bundles/${ok.body.id}/matches`, analystToken);
    expect(m.byKind.find((k) => k.kind === "email")).toMatchObject({ indicators: 4, matched: 3, accounts: 3, expired: 0 });
    expect(m.byKind.find((k) => k.kind === "payment_fingerprint")).toMatchObject({ matched: 1 });
    expect(m.byKind.find((k) => k.kind === "ip_range")).toMatchObject({ indicators: 2, matched: 1 });
    expect(m.cases.map((c) => c.caseId)).toEqual([caseId]);
    // Our side is named; theirs only by the end of the MAC.
    expect(JSON.stringify(m.matches)).not.toMatch(/@/);
    expect(m.matches.flatMap((x) => x.accounts.map((a) => a.externalId)).length).toBeGreaterThanOrEqual(3);
    // Past valid_until: the same emails match nothing.
    const mOld = await apiOk<TM>(200, "GET", `/api/v1/peer-bundles/${old.body.id}/matches`, analystToken);
    expect(mOld.byKind.find((k) => k.kind === "email")).toMatchObject({ indicators: 3, expired: 3, matched: 0 });

    // The bundle is evidence: its bytes, its SHA-256 and its custody; the import is audited.
    const item = await db().evidenceItem.findUniqueOrThrow({ where: { id: m.bundle.evidence.id }, include: { custody: true } });
    expect(item).toMatchObject({ caseId: second.id, kind: "partner_bundle", sha256: createHash("sha256").update(JSON.stringify(theirs)).digest("hex") });
    expect(item.custody.map((c) => c.action)).toEqual(["received"]);
    expect(await db().auditEvent.count({ where: { caseId: second.id, action: "peer.import" } })).toBe(3);

    // In an evidence package of the case the accounts are in: counts by kind, and no value of the partner's.
    const moved = await api<{ id: string }>("POST", `/api/v1/cases/${caseId}/peer-bundles?partnerId=${partners.a.id}&filename=partner-a.json`, analystToken, JSON.stringify(theirs));
    expect(moved.status).toBe(201);
    const [summary] = await caseMatchSummaries(caseId, new Date());
    expect(summary.byKind.find((k) => k.kind === "email")).toMatchObject({ indicators: 4, matched: 3, accounts: 3 });
    expect(summary.accounts).toBeGreaterThanOrEqual(3);
    const carried = JSON.stringify(summary);
    for (const e of emails) {
      expect(carried).not.toContain(createHmac("sha256", partners.a.key).update(`email:${normalise("email", e.value)}`).digest("hex"));
      expect(carried).not.toContain(e.value);
    }

    // Someone who cannot see the first case sees no match there.
    const outsider = await makeUser("analyst");
    const { token: outsiderToken } = await makeToken(outsider.email, "outsider");
    expect((await api("GET", `/api/v1/peer-bundles/${ok.body.id}/matches`, outsiderToken)).status).toBe(404);
  });
});
