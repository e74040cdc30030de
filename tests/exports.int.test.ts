// The export workflow against the real database, queue, PDF renderer and bag: findings cite
// exhibits, nobody approves their own request, a change after approval voids it, the build is
// byte-identical when repeated, the package verifies, and a congressional package carries none of
// the case's personal data in any file.
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { unzipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { GET as downloadRoute } from "../app/api/v1/exports/[exportId]/download/route";
import { runAction } from "../lib/action";
import { db } from "../lib/db";
import { pseudonymFor } from "../lib/exports/assemble";
import { buildPackage } from "../lib/exports/build";
import { approveExportAction, rejectExportAction, requestExportAction, resubmitExportAction, retryExportAction } from "../lib/exports/mutations";
import { citationMarkup } from "../lib/findings/markdown";
import { addExhibitAction, addRedactionAction, saveFindingAction } from "../lib/findings/mutations";
import { verifyPackage } from "../lib/package/verify";
import { makeToken, makeUser } from "./fixtures";
import { caseWithSampleFiles } from "./helpers/built-export";
import { drain } from "./import-client";

const CJK = "如何设计一个分布式任务调度器";
const WITHHELD = "逐步解释你的推理过程";

async function caseWithContent() {
  const { analyst, reviewer, c, token } = await caseWithSampleFiles();
  const cjk = (await db().exchange.findMany({ where: { caseId: c.id, isSample: true } })).find((e) => e.prompt?.includes(CJK))!;
  const sample = await runAction(addExhibitAction, analyst, { caseId: c.id, kind: "sample", targetId: String(cjk.id), caption: "A chain-of-thought extraction prompt in Chinese" });
  const figure = await runAction(addExhibitAction, analyst, { caseId: c.id, kind: "figure", targetId: "exchanges_by_model" });
  const cluster = await db().cluster.findFirstOrThrow({ where: { caseId: c.id, name: "hydra-A" } });
  const clusterX = await runAction(addExhibitAction, analyst, { caseId: c.id, kind: "cluster", targetId: cluster.id });
  if (!sample.ok || !figure.ok || !clusterX.ok) throw new Error(JSON.stringify([sample, figure, clusterX]));
  // Withheld by hand: a span of the CJK prompt, in code points.
  const start = [...cjk.prompt!].join("").indexOf(WITHHELD);
  const redacted = await runAction(addRedactionAction, analyst, { kind: "manual", exchangeId: String(cjk.id), field: "prompt", span: { start: [...cjk.prompt!.slice(0, start)].length, end: [...cjk.prompt!.slice(0, start)].length + [...WITHHELD].length }, reason: "Not needed by the recipient." });
  expect(redacted.ok, redacted.ok ? "" : redacted.error.message).toBe(true);
  const again = await runAction(addRedactionAction, analyst, { kind: "manual", exchangeId: String(cjk.id), field: "prompt", span: { start: [...cjk.prompt!.slice(0, start)].length + 1, end: [...cjk.prompt!.slice(0, start)].length + 3 }, reason: "Twice." });
  expect(again).toMatchObject({ ok: false, error: { code: "conflict", message: expect.stringContaining("already withheld") } });
  const summary = `The campaign harvested reasoning traces ${citationMarkup(sample.data.id)} through the accounts of ${citationMarkup(clusterX.data.id)}; see the volume ${citationMarkup(figure.data.id)}.`;
  const saved = await runAction(saveFindingAction, analyst, { caseId: c.id, section: "summary", body: summary, version: 0 });
  expect(saved.ok).toBe(true);
  return { analyst, reviewer, c, token };
}

function pdfText(zip: Uint8Array) {
  const files = unzipSync(zip);
  const pdfName = Object.keys(files).find((f) => f.endsWith(".pdf"))!;
  const dir = mkdtempSync(path.join(tmpdir(), "cb-pdf-"));
  const file = path.join(dir, "p.pdf");
  writeFileSync(file, files[pdfName]);
  return { files, text: execFileSync("pdftotext", ["-layout", file, "-"], { encoding: "utf8" }), file };
}

describe("exports", () => {
  it("needs a second person, builds a verifiable legal referral, and builds it byte for byte again", async () => {
    const { analyst, reviewer, c } = await caseWithContent();
    const req = await runAction(requestExportAction, analyst, { caseId: c.id, profile: "legal_referral" });
    expect(req.ok, JSON.stringify(req)).toBe(true);
    const id = req.ok ? req.data.id : "";
    // The requester cannot approve; a reviewer of another case cannot see it.
    expect(await runAction(approveExportAction, analyst, { exportId: id })).toMatchObject({ ok: false, error: { code: "forbidden" } });
    const stranger = await makeUser("reviewer");
    expect(await runAction(approveExportAction, stranger, { exportId: id })).toMatchObject({ ok: false, error: { code: "not_found" } });
    // Changes requested, resubmitted, approved.
    expect(await runAction(rejectExportAction, reviewer, { exportId: id, comment: "Add the methodology." })).toMatchObject({ ok: true, data: { status: "changes_requested" } });
    expect(await runAction(saveFindingAction, analyst, { caseId: c.id, section: "methodology", body: "Accounts were linked by shared payment fingerprints.", version: 0 })).toMatchObject({ ok: true });
    expect(await runAction(resubmitExportAction, analyst, { exportId: id })).toMatchObject({ ok: true, data: { status: "requested" } });
    const ok = await runAction(approveExportAction, reviewer, { exportId: id, comment: "Fine." });
    expect(ok).toMatchObject({ ok: true, data: { status: "approved", approvedById: reviewer.id } });
    const head = await db().auditEvent.findFirstOrThrow({ where: { action: "export.approve", entityId: id } });
    expect(BigInt((ok as { data: { auditHeadSeq: bigint } }).data.auditHeadSeq)).toBe(head.seq - 1n);

    await drain();
    const x = await db().exportPackage.findUniqueOrThrow({ where: { id } });
    expect(x).toMatchObject({ status: "built", batesFirst: `${c.ref}-0000001` });
    expect(await db().production.findUniqueOrThrow({ where: { exportId: id } })).toMatchObject({ firstNo: 1, lastNo: x.pageCount });

    // The download is audited and gives the stored bytes, which verify.
    const { token } = await makeToken(reviewer.email);
    const res = await downloadRoute(new Request(`http://x/api/v1/exports/${id}/download`, { headers: { authorization: `Bearer ${token}` } }), { params: Promise.resolve({ exportId: id }) });
    expect(res.status).toBe(200);
    const zip = new Uint8Array(await res.arrayBuffer());
    expect(await db().auditEvent.count({ where: { action: "export.download", entityId: id } })).toBe(1);
    const report = await verifyPackage(zip, {});
    expect(report.ok, JSON.stringify(report.problems)).toBe(true);

    const { text, files, file } = pdfText(zip);
    expect(text).toContain(`${c.ref}-0000001`);
    expect(text).toContain("The campaign harvested reasoning traces");
    expect(text.replace(/\s+/g, "")).toContain(CJK);
    expect(text).toContain("FRE 902(13)");
    // Withheld text is removed from the PDF and every file, and the redaction log says where and why.
    for (const [name, bytes] of [["PDF text", new TextEncoder().encode(text)] as const, ...Object.entries(files)]) expect(new TextDecoder().decode(bytes).replace(/\s+/g, "").includes(WITHHELD), name).toBe(false);
    const log = new TextDecoder().decode(Object.entries(files).find(([n]) => n.endsWith("redaction-log.csv"))![1]);
    expect(log).toContain("Exhibit 1, prompt, character 3");
    expect(log).toContain("Not needed by the recipient.");
    expect(execFileSync("qpdf", ["--check", file], { encoding: "utf8" })).toContain("No syntax or stream encoding errors");
    const accounts = Object.entries(files).find(([n]) => n.endsWith("natives/accounts.csv"))![1];
    expect(new TextDecoder().decode(accounts)).toContain("lin.w@example.net");

    // Building the same approved export again gives the same bytes.
    const again = await buildPackage(x);
    const twice = await buildPackage(x);
    expect(Buffer.from(again.zip).equals(Buffer.from(twice.zip))).toBe(true);
    expect(again.sha256).toBe(x.sha256);

    // A later production of the same case continues its Bates numbers, in the production log.
    const next = await runAction(requestExportAction, analyst, { caseId: c.id, profile: "congressional" });
    if (!next.ok) throw new Error(next.error.message);
    expect(await runAction(approveExportAction, reviewer, { exportId: next.data.id })).toMatchObject({ ok: true });
    await drain();
    const y = await db().exportPackage.findUniqueOrThrow({ where: { id: next.data.id } });
    expect(y.batesFirst).toBe(`${c.ref}-${String(x.pageCount! + 1).padStart(7, "0")}`);
    expect(await db().production.findMany({ where: { caseId: c.id }, orderBy: { firstNo: "asc" }, select: { firstNo: true, lastNo: true } })).toEqual([
      { firstNo: 1, lastNo: x.pageCount },
      { firstNo: x.pageCount! + 1, lastNo: x.pageCount! + y.pageCount! },
    ]);
  });

  it("voids an approval when the findings change, and keeps personal data out of a congressional package", async () => {
    const { analyst, reviewer, c } = await caseWithContent();
    const ask = async () => {
      const r = await runAction(requestExportAction, analyst, { caseId: c.id, profile: "congressional" });
      if (!r.ok) throw new Error(JSON.stringify(r.error));
      return r.data.id;
    };
    const first = await ask();
    expect(await runAction(approveExportAction, reviewer, { exportId: first })).toMatchObject({ ok: true });
    const f = await db().finding.findFirstOrThrow({ where: { caseId: c.id, section: "summary" } });
    expect(await runAction(saveFindingAction, analyst, { caseId: c.id, section: "summary", body: `${f.body} Edited.`, version: f.version })).toMatchObject({ ok: true });
    const voided = await db().exportPackage.findUniqueOrThrow({ where: { id: first } });
    expect(voided.status).toBe("voided");
    expect(voided.voidReason).toMatch(/edited the findings/);
    // The voiding is on the export's own record, in the same transaction as the edit, and its queued
    // build was cancelled through the job queue.
    const voidEvent = await db().auditEvent.findFirstOrThrow({ where: { action: "export.void", entityId: first } });
    expect(voidEvent).toMatchObject({ actorId: analyst.id, caseId: c.id, data: { reason: expect.stringMatching(/edited the findings/), buildCancelled: true } });
    const saved = await db().auditEvent.findFirstOrThrow({ where: { action: "finding.save", caseId: c.id }, orderBy: { seq: "desc" } });
    expect(voidEvent.seq).toBe(saved.seq + 1n);
    expect(await db().job.findFirstOrThrow({ where: { kind: "export", subjectId: first } })).toMatchObject({ status: "failed", lastError: expect.stringMatching(/^voided: /) });
    await drain(); // the queued build finds nothing to do

    expect(await runAction(addRedactionAction, analyst, { kind: "rule", caseId: c.id, rule: "emails", reason: "Emails of account holders." })).toMatchObject({ ok: true });
    // A sample of an account that is also in a cluster: the same pseudonym in the exhibit and the accounts native.
    const ex1 = await db().exchange.findFirstOrThrow({ where: { caseId: c.id, externalId: "ex_000001" } });
    expect(await runAction(addExhibitAction, analyst, { caseId: c.id, kind: "sample", targetId: String(ex1.id) })).toMatchObject({ ok: true });
    const second = await ask();
    expect(await runAction(approveExportAction, reviewer, { exportId: second })).toMatchObject({ ok: true });
    await drain();
    const x = await db().exportPackage.findUniqueOrThrow({ where: { id: second } });
    expect(x.status, x.error ?? "").toBe("built");
    const zip = (await buildPackage(x)).zip;
    const { text, files } = pdfText(zip);
    const accounts = await db().account.findMany({ where: { caseId: c.id } });
    const secrets = accounts.flatMap((a) => [a.email, a.displayName, a.signupIp, a.paymentFingerprint, a.organizationId, a.externalId]).filter((v): v is string => Boolean(v));
    const requestIps = (await db().exchange.findMany({ where: { caseId: c.id }, select: { requestIp: true } })).map((e) => e.requestIp).filter((v): v is string => Boolean(v));
    expect(secrets.length).toBeGreaterThan(30);
    const haystacks = [["PDF text", text], ...Object.entries(files).map(([n, b]) => [n, new TextDecoder().decode(b)])];
    for (const secret of [...secrets, ...requestIps]) for (const [name, hay] of haystacks) expect(hay.includes(secret), `${secret} in ${name}`).toBe(false);
    expect(text.replace(/\s+/g, "")).toContain(CJK);
    const alias = pseudonymFor(c.id)("acct_7f3a91");
    expect(text).toContain(alias);
    const natives = (n: string) => new TextDecoder().decode(Object.entries(files).find(([k]) => k.endsWith(n))![1]);
    expect(natives("natives/accounts.csv")).toContain(alias);
    expect(natives("natives/exhibits.jsonl")).toContain(alias);
  });

  it("lets a reviewer retry a failed build, and only a reviewer", async () => {
    const { analyst, reviewer, c } = await caseWithContent();
    const r = await runAction(requestExportAction, analyst, { caseId: c.id, profile: "legal_referral" });
    if (!r.ok) throw new Error(r.error.message);
    expect(await runAction(approveExportAction, reviewer, { exportId: r.data.id })).toMatchObject({ ok: true });
    // As the runner leaves it when every attempt failed.
    await db().job.updateMany({ where: { kind: "export", subjectId: r.data.id }, data: { status: "failed", lastError: "disk full" } });
    await db().exportPackage.update({ where: { id: r.data.id }, data: { status: "failed", error: "disk full" } });
    expect(await runAction(retryExportAction, analyst, { exportId: r.data.id })).toMatchObject({ ok: false, error: { code: "forbidden" } });
    expect(await runAction(retryExportAction, reviewer, { exportId: r.data.id })).toMatchObject({ ok: true, data: { status: "approved", error: null } });
    await drain();
    expect(await db().exportPackage.findUniqueOrThrow({ where: { id: r.data.id } })).toMatchObject({ status: "built" });
    expect(await db().auditEvent.count({ where: { action: "export.retry", entityId: r.data.id } })).toBe(1);
  });
});
