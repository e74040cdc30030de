// Suggested clusters end to end on the real database: the API queues the job, the runner stores
// clusters whose every member is explained by a recorded link, a weak shared value glues nothing,
// analyst decisions are audited and survive a re-run, and other cases show only when visible.
import { describe, expect, it } from "vitest";
import { GET as listClustersRoute } from "../app/api/v1/cases/[caseId]/clusters/route";
import { POST as suggestRoute } from "../app/api/v1/cases/[caseId]/clusters/suggest/route";
import { GET as getAnalysisRoute } from "../app/api/v1/analyses/[runId]/route";
import { runAction } from "../lib/action";
import { decideClusterAction, mergeClustersAction, splitClusterAction } from "../lib/clusters/mutations";
import { crossCaseIndicators, sharedValues } from "../lib/clusters/queries";
import { db } from "../lib/db";
import { makeCase, makeToken, makeUser } from "./fixtures";
import { caseWithToken, drain, importOk, upload } from "./import-client";

const HEADER = "account_id,created_at,signup_ip,asn,payment_fingerprint,user_agent,organization_id";

/** Two actors (a card shared by 12; an org shared by 8) among 400 ordinary accounts on one network and browser. */
function accountsCsv(prefix: string) {
  const rows: string[] = [HEADER];
  const t = (h: number) => new Date(Date.UTC(2026, 3, 1) + h * 3_600_000).toISOString();
  for (let i = 0; i < 12; i++) rows.push(`${prefix}A${i},${t(i * 5)},203.0.113.${i + 1},16509,pf_card_A,Mozilla/5.0 Chrome/126,`);
  for (let i = 0; i < 8; i++) rows.push(`${prefix}B${i},${t(i * 7)},198.51.100.${i + 1},16509,,Mozilla/5.0 Chrome/126,org_B`);
  for (let i = 0; i < 400; i++) rows.push(`${prefix}x${i},${t(i * 2.5)},100.${Math.floor(i / 250)}.${i % 250}.1,16509,pf_own_${prefix}${i},Mozilla/5.0 Chrome/126,`);
  return rows.join("\n") + "\n";
}

async function suggest(caseId: string, token: string) {
  const res = await suggestRoute(new Request(`http://localhost/api/v1/cases/${caseId}/clusters/suggest`, { method: "POST", headers: { authorization: `Bearer ${token}` } }), {
    params: Promise.resolve({ caseId }),
  });
  expect(res.status).toBe(202);
  const run = (await res.json()) as { id: string; status: string };
  expect(run.status).toBe("queued");
  await drain();
  const done = await getAnalysisRoute(new Request(`http://localhost/api/v1/analyses/${run.id}`, { headers: { authorization: `Bearer ${token}` } }), { params: Promise.resolve({ runId: run.id }) });
  return (await done.json()) as { status: string; result: { clusters: number; replaced: number; skipped: number } };
}

type TApiCluster = { id: string; name: string; origin: string; status: string; accountCount: number; accounts?: string[]; signals: { kind: string; value: string; accounts: number; confidence: number }[] };

async function clusters(caseId: string, token: string): Promise<TApiCluster[]> {
  const res = await listClustersRoute(new Request(`http://localhost/api/v1/cases/${caseId}/clusters?accounts=1`, { headers: { authorization: `Bearer ${token}` } }), {
    params: Promise.resolve({ caseId }),
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { items: TApiCluster[] }).items;
}

describe("suggested clusters", () => {
  it("suggest, explain, decide, re-run, merge and split, each audited", async () => {
    const { analyst, c, token } = await caseWithToken();
    expect((await upload(c.id, token, "accounts", accountsCsv("k1"), "accounts.csv")).status).toBe(202);
    await drain();
    expect(await db().importJob.findFirst({ where: { caseId: c.id }, select: { status: true, errors: true } })).toMatchObject({ errors: [], status: "succeeded" });

    const first = await suggest(c.id, token);
    expect(first).toMatchObject({ status: "succeeded", result: { clusters: 2 } });
    const got = await clusters(c.id, token);
    const a = got.find((k) => k.accounts?.includes("k1A0"))!;
    const b = got.find((k) => k.accounts?.includes("k1B0"))!;
    // Exactly the actors: the network and browser that 420 accounts share glued nothing.
    expect(a.accounts).toEqual(Array.from({ length: 12 }, (_, i) => `k1A${i}`).sort());
    expect(b.accounts).toEqual(Array.from({ length: 8 }, (_, i) => `k1B${i}`).sort());
    expect(a).toMatchObject({ origin: "suggested", status: "proposed", accountCount: 12 });
    expect(a.signals[0]).toMatchObject({ kind: "payment_fingerprint", value: "pf_card_A", accounts: 12 });
    expect(b.signals[0]).toMatchObject({ kind: "organization_id", value: "org_B", accounts: 8 });
    // The cluster page's shared values: each with its members and the case's accounts that have it,
    // so a value the whole case shares (the network and browser: 420 accounts) explains nothing.
    const shared = await sharedValues(analyst, c.id, a.id);
    expect(shared).toEqual(
      expect.arrayContaining([
        { kind: "payment_fingerprint", value: "pf_card_A", members: 12, caseAccounts: 12 },
        { kind: "asn_user_agent", value: "AS16509 · Mozilla/5.0 Chrome/126", members: 12, caseAccounts: 420 },
      ]),
    );
    expect(shared.every((v) => v.caseAccounts >= v.members)).toBe(true);
    expect((await sharedValues(analyst, c.id, b.id)).find((v) => v.kind === "organization_id")).toEqual({ kind: "organization_id", value: "org_B", members: 8, caseAccounts: 8 });
    // Every member is tied in by a recorded link with its signal, value, weight and confidence.
    const links = await db().accountLink.findMany({ where: { clusterId: a.id } });
    const tied = new Set(links.flatMap((l) => [String(l.fromAccountId), String(l.toAccountId)]));
    const members = await db().clusterMember.findMany({ where: { clusterId: a.id } });
    expect(members.every((m) => tied.has(String(m.accountId)))).toBe(true);
    expect(links[0]).toMatchObject({ kind: "payment_fingerprint", value: "pf_card_A", sharedBy: 12 });
    expect(links[0].weight).toBeGreaterThan(0.7);
    expect(await db().auditEvent.count({ where: { caseId: c.id, action: "clusters.suggest" } })).toBe(1);

    // Reject A; a reviewer may not decide; an analyst of another case does not even see it.
    const reviewer = await makeUser("reviewer");
    await db().caseMember.create({ data: { caseId: c.id, userId: reviewer.id, role: "reviewer" } });
    const byReviewer = await runAction(decideClusterAction, reviewer, { clusterId: a.id, decision: "accept" });
    expect(byReviewer).toMatchObject({ ok: false, error: { code: "forbidden" } });
    const outsider = await makeUser("analyst");
    expect(await runAction(decideClusterAction, outsider, { clusterId: a.id, decision: "accept" })).toMatchObject({ ok: false, error: { code: "not_found" } });
    expect(await runAction(decideClusterAction, analyst, { clusterId: a.id, decision: "reject" })).toMatchObject({ ok: true });

    // A re-run replaces the suggestion nobody acted on (B), and leaves the rejected one rejected.
    const second = await suggest(c.id, token);
    expect(second.result).toMatchObject({ clusters: 1, replaced: 1, skipped: 1 });
    const again = await clusters(c.id, token);
    expect(again.filter((k) => k.accounts?.includes("k1A0")).map((k) => k.status)).toEqual(["rejected"]);
    const b2 = again.find((k) => k.accounts?.includes("k1B0"))!;
    expect(b2.id).not.toBe(b.id);
    expect(b2.status).toBe("proposed");

    // Merge A into B, then split three accounts off.
    const merged = await runAction(mergeClustersAction, analyst, { targetId: b2.id, sourceId: a.id });
    expect(merged).toMatchObject({ ok: true, data: { accounts: 20 } });
    expect(await db().cluster.findUnique({ where: { id: a.id } })).toBeNull();
    const three = (await db().account.findMany({ where: { caseId: c.id, externalId: { in: ["k1A0", "k1A1", "k1A2"] } } })).map((x) => String(x.id));
    const split = await runAction(splitClusterAction, analyst, { clusterId: b2.id, accountIds: three, name: "Card A, first three" });
    expect(split.ok).toBe(true);
    const after = await clusters(c.id, token);
    expect(after.find((k) => k.name === "Card A, first three")).toMatchObject({ origin: "analyst", status: "accepted", accounts: ["k1A0", "k1A1", "k1A2"] });
    expect(after.find((k) => k.id === b2.id)).toMatchObject({ status: "accepted", accountCount: 17 });
    const actions = (await db().auditEvent.findMany({ where: { caseId: c.id, entityType: "cluster" }, orderBy: { seq: "asc" } })).map((e) => e.action);
    expect(actions).toEqual(["cluster.reject", "cluster.merge", "cluster.split"]);
  });

  it("flags an indicator found in another case the person may see, and says nothing of cases they may not", async () => {
    const { analyst, c, token } = await caseWithToken();
    await importOk(c.id, token, "accounts", accountsCsv("k2"), "a.csv");
    // Another case of the same analyst holds card A; a case of someone else holds org B.
    const mine = await makeCase(analyst, { title: "Earlier reseller case" });
    await importOk(mine.id, token, "accounts", `${HEADER}\nold1,2026-01-01T00:00:00Z,,,pf_card_A,,\n`, "old.csv");
    const stranger = await makeUser("analyst");
    const theirs = await makeCase(stranger, { title: "Someone else's case" });
    const { token: theirToken } = await makeToken(stranger.email);
    await importOk(theirs.id, theirToken, "accounts", `${HEADER}\nz1,2026-01-01T00:00:00Z,,,,,org_B\n`, "z.csv");
    await drain();
    const hits = await crossCaseIndicators(analyst, c.id);
    expect(hits.map((h) => [h.kind, h.value, h.otherCaseId])).toContainEqual(["payment_fingerprint", "pf_card_A", mine.id]);
    expect(hits.some((h) => h.otherCaseId === theirs.id)).toBe(false);
    expect(hits.some((h) => h.value === "org_B")).toBe(false);
    // The stranger, who may see both their case and nothing of ours, sees no hit from our case either.
    expect(await crossCaseIndicators(stranger, theirs.id)).toEqual([]);
  });
});
