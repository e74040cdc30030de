// The congressional guard on real data: account names an adversary chooses ("Exhibit", "17",
// "Lab", "2026-05-01", "Page") never stop a letter; a finding that quotes an account's email or its
// two-word name does, as a policy stop that says what (masked), where (the finding, the PDF page)
// and how to fix it, and goes back to review only once the content has changed.
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { unzipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { GET as getExportRoute } from "../app/api/v1/exports/[exportId]/route";
import { runAction } from "../lib/action";
import { setCaseTeamAction } from "../lib/cases/mutations";
import { db } from "../lib/db";
import { buildPackage } from "../lib/exports/build";
import { approveExportAction, requestExportAction, resubmitExportAction, retryExportAction } from "../lib/exports/mutations";
import { listExports } from "../lib/exports/queries";
import { citationMarkup } from "../lib/findings/markdown";
import { addExhibitAction, addRedactionAction, saveFindingAction } from "../lib/findings/mutations";
import { makeToken, makeUser } from "./fixtures";
import { caseWithToken, drain, upload } from "./import-client";

const ADVERSARIAL = ["Exhibit", "17", "Lab", "2026-05-01", "Page"];
const REAL = { id: "acct_r1", email: "wei.zhang.1988@example.org", name: "Zhang Wei" };

async function caseOf(summary: (exhibit: string) => string) {
  const { analyst, c, token } = await caseWithToken();
  const rows = [
    ...ADVERSARIAL.map((name, i) => [`acct_a${i}`, "2026-04-20T01:00:00Z", `a${i}@example.net`, name, "SG", `203.0.113.${i + 10}`, "4134", `pf_a${i}`, "python-httpx/0.27.0", `org_a${i}`, "banned", "ring"]),
    [REAL.id, "2026-04-21T02:00:00Z", REAL.email, REAL.name, "SG", "203.0.113.99", "4134", "pf_r1", "python-httpx/0.27.0", "org_r1", "banned", "ring"],
  ];
  const csv = "account_id,created_at,email,display_name,country,signup_ip,asn,payment_fingerprint,user_agent,organization_id,status,cluster\n" + rows.map((r) => r.join(",")).join("\n") + "\n";
  expect((await upload(c.id, token, "accounts", csv, "accounts.csv")).status).toBe(202);
  await drain();
  const reviewer = await makeUser("reviewer");
  expect((await runAction(setCaseTeamAction, analyst, { caseId: c.id, leadId: analyst.id, members: [{ userId: reviewer.id, role: "reviewer" }] })).ok).toBe(true);
  const cluster = await db().cluster.findFirstOrThrow({ where: { caseId: c.id, name: "ring" } });
  const x = await runAction(addExhibitAction, analyst, { caseId: c.id, kind: "cluster", targetId: cluster.id, caption: "The ring" });
  if (!x.ok) throw new Error(x.error.message);
  expect((await runAction(saveFindingAction, analyst, { caseId: c.id, section: "summary", body: summary(citationMarkup(x.data.id)), version: 0 })).ok).toBe(true);
  return { analyst, reviewer, c };
}

async function requestAndApprove(analyst: Awaited<ReturnType<typeof caseOf>>["analyst"], reviewer: Awaited<ReturnType<typeof caseOf>>["reviewer"], caseId: string, profile: "congressional" | "legal_referral") {
  const r = await runAction(requestExportAction, analyst, { caseId, profile });
  if (!r.ok) throw new Error(r.error.message);
  expect((await runAction(approveExportAction, reviewer, { exportId: r.data.id })).ok).toBe(true);
  await drain();
  return db().exportPackage.findUniqueOrThrow({ where: { id: r.data.id } });
}

function pdfTextOf(zip: Uint8Array) {
  const files = unzipSync(zip);
  const dir = mkdtempSync(path.join(tmpdir(), "cb-guard-"));
  const file = path.join(dir, "p.pdf");
  writeFileSync(file, files[Object.keys(files).find((f) => f.endsWith(".pdf"))!]);
  return execFileSync("pdftotext", ["-enc", "UTF-8", file, "-"], { encoding: "utf8" });
}

describe("the congressional guard", () => {
  it("builds a letter whose accounts are named Exhibit, 17, Lab, 2026-05-01 and Page, and leaves 'Lab' alone in a referral with the names rule on", async () => {
    // The analyst's own words use every one of those names as the ordinary words they are.
    const { analyst, reviewer, c } = await caseOf((x) => `Page 1 of the Lab report, Exhibit 17, shows the ring acting from 2026-05-01 ${x}.`);
    const letter = await requestAndApprove(analyst, reviewer, c.id, "congressional");
    expect(letter.status, JSON.stringify(letter.blockers ?? letter.error)).toBe("built");
    const text = pdfTextOf((await buildPackage(letter)).zip);
    expect(text).toContain("Page 1 of the Lab report, Exhibit 17, shows the ring acting from 2026-05-01");

    expect((await runAction(addRedactionAction, analyst, { kind: "rule", caseId: c.id, rule: "names", reason: "Names of account holders." })).ok).toBe(true);
    const referral = await requestAndApprove(analyst, reviewer, c.id, "legal_referral");
    expect(referral.status, referral.error ?? "").toBe("built");
    const zip = (await buildPackage(referral)).zip;
    expect(pdfTextOf(zip)).toContain("Page 1 of the Lab report, Exhibit 17");
    // The rule withheld the names column of the appendix, and nothing from the finding.
    const log = new TextDecoder().decode(Object.entries(unzipSync(zip)).find(([n]) => n.endsWith("redaction-log.csv"))![1]);
    expect(log).not.toContain("Findings");
  });

  it("stops a letter whose finding quotes an account's email and its two-word name, says what and where, and goes back to review once fixed", async () => {
    const { analyst, reviewer, c } = await caseOf((x) => `The ring ${x} was run from ${REAL.email}.\n\nIts operator signed up as ${REAL.name}.`);
    const x = await requestAndApprove(analyst, reviewer, c.id, "congressional");
    // A policy stop, not a failure: nothing built, no Bates range, the job done (not retried).
    expect(x.status).toBe("blocked");
    expect(x.error).toBeNull();
    expect(x.sha256).toBeNull();
    expect(await db().production.count({ where: { exportId: x.id } })).toBe(0);
    expect(await db().job.findFirstOrThrow({ where: { kind: "export", subjectId: x.id } })).toMatchObject({ status: "succeeded", attempts: 1 });
    const blockers = x.blockers as Array<{ kind: string; masked: string; where: string[] }>;
    expect(blockers.map((b) => [b.kind, b.masked])).toEqual([
      ["email", "w…8@e…org"],
      ["name", "Z…i"],
    ]);
    for (const b of blockers) {
      expect(b.where[0]).toBe("Findings, Summary");
      expect(b.where.some((w) => /^PDF page \d+ \(Executive summary\)$/.test(w))).toBe(true);
    }
    // Nothing in the record gives the value away.
    const event = await db().auditEvent.findFirstOrThrow({ where: { action: "export.blocked", entityId: x.id } });
    expect(JSON.stringify(event.data)).not.toContain(REAL.email);
    expect(JSON.stringify(event.data)).not.toContain(REAL.name);
    // The API says the same.
    const { token } = await makeToken(reviewer.email);
    const res = await getExportRoute(new Request(`http://x/api/v1/exports/${x.id}`, { headers: { authorization: `Bearer ${token}` } }), { params: Promise.resolve({ exportId: x.id }) });
    const body = (await res.json()) as { status: string; blockers: typeof blockers };
    expect(body).toMatchObject({ status: "blocked", blockers: [{ kind: "email", masked: "w…8@e…org" }, { kind: "name", masked: "Z…i" }] });

    // Retrying is no use and not offered: not a failed build, and nothing has changed.
    expect(await runAction(retryExportAction, reviewer, { exportId: x.id })).toMatchObject({ ok: false, error: { code: "conflict" } });
    expect(await runAction(resubmitExportAction, analyst, { exportId: x.id })).toMatchObject({ ok: false, error: { code: "conflict", message: expect.stringContaining("Nothing has changed") } });
    expect((await listExports(analyst, c.id))!.exports[0]).toMatchObject({ status: "blocked", contentChanged: false });

    // The analyst turns on the two rules: the content changed, back to review, approved, built.
    for (const rule of ["emails", "names"] as const) expect((await runAction(addRedactionAction, analyst, { kind: "rule", caseId: c.id, rule, reason: "Personal data of account holders." })).ok).toBe(true);
    expect((await listExports(analyst, c.id))!.exports[0]).toMatchObject({ status: "blocked", contentChanged: true });
    expect(await runAction(resubmitExportAction, analyst, { exportId: x.id })).toMatchObject({ ok: true, data: { status: "requested", blockers: null } });
    expect((await runAction(approveExportAction, reviewer, { exportId: x.id })).ok).toBe(true);
    await drain();
    const y = await db().exportPackage.findUniqueOrThrow({ where: { id: x.id } });
    expect(y.status, JSON.stringify(y.blockers)).toBe("built");
    const text = pdfTextOf((await buildPackage(y)).zip);
    expect(text).not.toContain(REAL.email);
    expect(text).not.toContain(REAL.name);
    expect(text).toContain("was run from [email]");
  });
});
