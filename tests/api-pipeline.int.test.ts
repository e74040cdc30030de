// A detection pipeline, end to end, through the public API alone: open a case with a reviewer,
// import, suggest and accept a cluster, tag a sample with a span, write findings citing exhibits,
// request a legal referral, have it reviewed and approved, download it, and verify it. Only the
// bootstrap (two people, each with a token) and the job queue (a worker's work) are outside the API.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { unzipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { db } from "../lib/db";
import { citationMarkup } from "../lib/findings/markdown";
import { verifyPackage } from "../lib/package/verify";
import { api, apiOk } from "./api-client";
import { makeToken, makeUser } from "./fixtures";
import { drain } from "./import-client";

const FIXTURES = path.resolve(import.meta.dirname, "../e2e/fixtures");

type TCase = { id: string; ref: string; version: number; lead: { id: string } };
type TJob = { id: string; status: string };

async function importFile(caseId: string, token: string, kind: string, file: string) {
  const job = await apiOk<TJob>(202, "POST", `/api/v1/cases/${caseId}/imports?kind=${kind}&filename=${file}`, token, readFileSync(path.join(FIXTURES, file)));
  await drain();
  return apiOk<TJob & { rowsDone: number; errors: unknown[] }>(200, "GET", `/api/v1/imports/${job.id}`, token);
}

describe("a pipeline drives a case through the API alone", () => {
  it("opens, imports, clusters, tags, writes findings, and gets a legal referral approved, built and verified", async () => {
    const analyst = await makeUser("analyst");
    const reviewer = await makeUser("reviewer");
    const { token: bootstrap } = await makeToken(analyst.email, "bootstrap");
    const { token: reviewerToken } = await makeToken(reviewer.email, "review");

    // The pipeline's own token, made with the analyst's; the bootstrap one is then revoked.
    const made = await apiOk<{ id: string; token: string }>(201, "POST", "/api/v1/tokens", bootstrap, { name: "detection pipeline", expiresInDays: 30 });
    const token = made.token;
    const tokens = await apiOk<{ items: { id: string; name: string }[] }>(200, "GET", "/api/v1/tokens", token);
    const old = tokens.items.find((t) => t.name === "bootstrap")!;
    await apiOk(200, "DELETE", `/api/v1/tokens/${old.id}`, token);
    expect((await api("GET", "/api/v1/me", bootstrap)).status).toBe(401);
    const me = await apiOk<{ id: string }>(200, "GET", "/api/v1/me", token);
    expect(me.id).toBe(analyst.id);

    // A case, with a reviewer on its team.
    const c = await apiOk<TCase>(201, "POST", "/api/v1/cases", token, { title: "Pipeline: reasoning-trace harvesting", severity: "high" });
    const people = await apiOk<{ items: { id: string; email: string; role: string }[] }>(200, "GET", "/api/v1/users", token);
    const rev = people.items.find((u) => u.email === reviewer.email);
    expect(rev?.role).toBe("reviewer");
    await apiOk(200, "PUT", `/api/v1/cases/${c.id}/team`, token, { leadId: me.id, members: [{ userId: rev!.id, role: "reviewer" }] });
    const withTeam = await apiOk<TCase & { members: { userId: string; role: string }[] }>(200, "GET", `/api/v1/cases/${c.id}`, token);
    expect(withTeam.members).toEqual(expect.arrayContaining([{ userId: reviewer.id, name: reviewer.name, role: "reviewer" }]));

    // Edits carry the version read: a stale one is refused, naming who changed the case and when.
    await apiOk(200, "PATCH", `/api/v1/cases/${c.id}`, token, { title: "Pipeline: reasoning-trace harvesting (Hydra)", severity: "critical", version: withTeam.version });
    const stale = await api<{ error: { code: string; message: string } }>("PATCH", `/api/v1/cases/${c.id}`, token, { title: "Lost edit", version: withTeam.version });
    expect(stale.status).toBe(409);
    expect(stale.body.error.message).toMatch(new RegExp(`^${analyst.name} \\(.+, \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d UTC\\) changed this case`));

    // Import.
    const accounts = await importFile(c.id, token, "accounts", "accounts.sample.csv");
    const exchanges = await importFile(c.id, token, "exchanges", "exchanges.sample.jsonl");
    expect([accounts.status, accounts.errors, exchanges.status, exchanges.errors]).toEqual(["succeeded", [], "succeeded", []]);
    expect(exchanges.rowsDone).toBeGreaterThan(0);

    // Suggestions, and a cluster accepted.
    const run = await apiOk<TJob>(202, "POST", `/api/v1/cases/${c.id}/clusters/suggest`, token);
    await drain();
    expect(await apiOk<TJob>(200, "GET", `/api/v1/analyses/${run.id}`, token)).toMatchObject({ status: "succeeded" });
    const clusters = await apiOk<{ items: { id: string; name: string; origin: string; status: string; accountCount: number }[] }>(200, "GET", `/api/v1/cases/${c.id}/clusters`, token);
    const suggested = clusters.items.find((k) => k.origin === "suggested" && k.status === "proposed");
    expect(suggested, JSON.stringify(clusters.items)).toBeDefined();
    expect(await apiOk(200, "POST", `/api/v1/clusters/${suggested!.id}/decision`, token, { decision: "accept" })).toEqual({ status: "accepted" });
    await apiOk(200, "PATCH", `/api/v1/clusters/${suggested!.id}`, token, { name: "Shared card pf_5e5e5e" });

    // A sample tagged with a capability and a span of its prompt.
    const caps = await apiOk<{ items: { id: string; key: string }[] }>(200, "GET", "/api/v1/capabilities", token);
    expect(caps.items.length).toBeGreaterThan(0);
    const samples = await apiOk<{ items: { id: string }[] }>(200, "GET", `/api/v1/cases/${c.id}/exchanges?samplesOnly=1`, token);
    expect(samples.items.length).toBeGreaterThan(0);
    const sample = await apiOk<{ id: string; prompt: string }>(200, "GET", `/api/v1/exchanges/${samples.items[0].id}`, token);
    const tag = await apiOk<{ spanStart: number; spanEnd: number; note: string }>(200, "POST", `/api/v1/exchanges/${sample.id}/tags`, token, {
      capabilityId: caps.items[0].id,
      field: "prompt",
      span: { start: 0, end: Math.min(12, [...sample.prompt].length) },
      note: "The template's opening.",
    });
    expect(tag).toMatchObject({ spanStart: 0, spanEnd: Math.min(12, [...sample.prompt].length), note: "The template's opening." });

    // Findings citing exhibits.
    const sampleX = await apiOk<{ id: string }>(201, "POST", `/api/v1/cases/${c.id}/exhibits`, token, { kind: "sample", targetId: sample.id, caption: "A harvested prompt" });
    const clusterX = await apiOk<{ id: string }>(201, "POST", `/api/v1/cases/${c.id}/exhibits`, token, { kind: "cluster", targetId: suggested!.id });
    await apiOk(200, "PATCH", `/api/v1/exhibits/${clusterX.id}`, token, { caption: "Accounts sharing one card" });
    await apiOk(200, "PUT", `/api/v1/cases/${c.id}/exhibits/order`, token, { order: [clusterX.id, sampleX.id] });
    const content = await apiOk<{ findings: { section: string; version: number }[]; exhibits: { id: string; no: number; caption: string }[] }>(200, "GET", `/api/v1/cases/${c.id}/findings`, token);
    expect(content.exhibits.map((x) => [x.no, x.id, x.caption])).toEqual([
      [1, clusterX.id, "Accounts sharing one card"],
      [2, sampleX.id, "A harvested prompt"],
    ]);
    const version = content.findings.find((f) => f.section === "summary")!.version;
    const summary = `Pipeline finding: the accounts of ${citationMarkup(clusterX.id)} harvested reasoning traces such as ${citationMarkup(sampleX.id)}.`;
    const saved = await apiOk<{ version: number }>(200, "PUT", `/api/v1/cases/${c.id}/findings/summary`, token, { body: summary, version });
    expect(saved.version).toBe(version + 1);
    const late = await api<{ error: { message: string } }>("PUT", `/api/v1/cases/${c.id}/findings/summary`, token, { body: "An older draft.", version });
    expect(late.status).toBe(409);
    expect(late.body.error.message).toContain(`${analyst.name} saved “Summary” at`);
    await apiOk(201, "POST", `/api/v1/cases/${c.id}/comments`, token, { body: "Findings drafted by the pipeline; please review." });

    // The legal referral: requested, sent back by the reviewer, resubmitted, approved, built.
    const x = await apiOk<{ id: string; status: string }>(202, "POST", `/api/v1/cases/${c.id}/exports`, token, { profile: "legal_referral" });
    expect((await api("POST", `/api/v1/exports/${x.id}/approve`, token, {})).status).toBe(403); // not by the requester
    await apiOk(201, "POST", `/api/v1/exports/${x.id}/comments`, reviewerToken, { target: "summary", body: "Name the card in the summary." });
    expect(await apiOk(200, "POST", `/api/v1/exports/${x.id}/reject`, reviewerToken, { comment: "See my comment on the summary." })).toMatchObject({ status: "changes_requested" });
    await apiOk(200, "PUT", `/api/v1/cases/${c.id}/findings/summary`, token, { body: `${summary} The card is pf_5e5e5e.`, version: saved.version });
    expect(await apiOk(200, "POST", `/api/v1/exports/${x.id}/resubmit`, token)).toMatchObject({ status: "requested" });
    const approved = await apiOk<{ status: string; approval: { by: string; auditHead: { seq: string } } }>(200, "POST", `/api/v1/exports/${x.id}/approve`, reviewerToken, { comment: "Fine." });
    expect(approved).toMatchObject({ status: "approved", approval: { by: reviewer.id } });
    await drain();
    const built = await apiOk<{ status: string; sha256: string }>(200, "GET", `/api/v1/exports/${x.id}`, token);
    expect(built.status).toBe("built");

    const download = await api("GET", `/api/v1/exports/${x.id}/download`, token);
    expect(download.status).toBe(200);
    const report = await verifyPackage(download.bytes, {});
    expect(report.ok, JSON.stringify(report.problems)).toBe(true);
    const files = unzipSync(download.bytes);
    const pdf = Object.keys(files).find((f) => f.endsWith(".pdf"))!;
    const file = path.join(mkdtempSync(path.join(tmpdir(), "cb-pipeline-")), "p.pdf");
    writeFileSync(file, files[pdf]);
    const text = execFileSync("pdftotext", ["-layout", file, "-"], { encoding: "utf8" }).replace(/\s+/g, " ");
    expect(text).toContain("Pipeline finding: the accounts of");
    expect(text).toContain("The card is pf_5e5e5e.");
    expect(text).toContain("Accounts sharing one card");

    // Every write above is in the audit log, by the person behind the token.
    const actions = (await db().auditEvent.findMany({ where: { caseId: c.id }, select: { action: true, actorLabel: true } })).map((e) => e.action);
    for (const a of ["case.create", "case.team", "case.update", "cluster.accept", "cluster.rename", "annotation.tag", "exhibit.add", "exhibit.caption", "exhibit.reorder", "finding.save", "comment.create", "export.request", "export.comment", "export.reject", "export.approve", "export.download"]) {
      expect(actions, a).toContain(a);
    }
  }, 240_000);
});
