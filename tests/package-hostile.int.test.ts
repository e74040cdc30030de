// A legal referral of a case whose account fields are as messy as an adversary makes them:
// 80-character emails, 64-character org ids, 200-character user agents, right-to-left and CJK
// names, full IPv6 addresses, a long evidence file name. Counsel reads the PDF: every appendix and
// custody value must be in it whole, in its own row and column, and nothing may end in "…" but a
// contents entry or a running header.
import { createHash } from "node:crypto";
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { unzipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { runAction } from "../lib/action";
import { setCaseTeamAction } from "../lib/cases/mutations";
import { decideClusterAction } from "../lib/clusters/mutations";
import { db } from "../lib/db";
import { buildPackage } from "../lib/exports/build";
import { approveExportAction, requestExportAction } from "../lib/exports/mutations";
import { citationMarkup } from "../lib/findings/markdown";
import { addExhibitAction, saveFindingAction } from "../lib/findings/mutations";
import { PAGE } from "../lib/package/pdf/layout";
import { makeUser } from "./fixtures";
import { caseWithToken, drain, upload } from "./import-client";
import { checkTableRows, pdfWords, squash } from "./pdf-words";

const NAMES = ["דוד בן אברהם", "محمد عبد الله", "王小明", "김민준", "Zhang, Kai", "17", "Exhibit", "Lab 4", "=1+2 5", "Page", "Đặng Thị Ngọc"];
const hex = (s: string) => createHash("sha256").update(s).digest("hex");
const email = (i: number) => {
  const domain = `@mail.harvest-example.net`;
  return `operator.${i}.`.padEnd(80 - domain.length, "q") + domain;
};
const ua = (i: number) =>
  `Mozilla/5.0 (X11; Linux x86_64; rv:${i}.0) AppleWebKit/537.36 (KHTML, like Gecko) HarvestClient/3.${i} (+https://crawler.harvest-example.net/about) Chrome/126.0.6478.126 Safari/537.36 `.padEnd(200, "x");
const CSV = (v: string) => (/[",\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);

function accounts(n: number) {
  return Array.from({ length: n }, (_, i) => ({
    id: `acct_h${String(i).padStart(3, "0")}`,
    createdAt: `2026-04-${String(10 + (i % 20)).padStart(2, "0")}T0${i % 10}:${String(i).padStart(2, "0")}:5${i % 10}Z`,
    email: email(i),
    name: NAMES[i % NAMES.length],
    ip: i % 3 === 0 ? `2001:0db8:85a3:00${String(i).padStart(2, "0")}:0000:8a2e:0370:7334` : `203.0.113.${i + 1}`,
    asn: "4134",
    payment: `pf_${hex(`card${i % 4}`).slice(0, 40)}`,
    ua: ua(i),
    org: `org-${hex(`org${i}`).slice(0, 60)}`,
    status: i % 2 ? "banned" : "suspended",
  }));
}

describe("a legal referral of hostile account data", () => {
  it("prints every appendix and custody value whole, each in its own row, with no value cut short", async () => {
    const { analyst, c, token } = await caseWithToken();
    const rows = accounts(30);
    expect(rows.every((r) => r.email.length === 80 && r.org.length === 64 && r.ua.length === 200)).toBe(true);
    const csv =
      "account_id,created_at,email,display_name,country,signup_ip,asn,payment_fingerprint,user_agent,organization_id,status,cluster\n" +
      rows.map((r) => [r.id, r.createdAt, r.email, r.name, "SG", r.ip, r.asn, r.payment, r.ua, r.org, r.status, "hostile-ring"].map(CSV).join(",")).join("\n") +
      "\n";
    const fileName = `detection-2026-06-qwen-lab-accounts-export-from-the-pipeline-of-the-trust-and-safety-team.csv`;
    expect((await upload(c.id, token, "accounts", csv, fileName)).status).toBe(202);
    await drain();
    expect(await db().account.count({ where: { caseId: c.id } })).toBe(30);

    const reviewer = await makeUser("reviewer");
    expect((await runAction(setCaseTeamAction, analyst, { caseId: c.id, leadId: analyst.id, members: [{ userId: reviewer.id, role: "reviewer" }] })).ok).toBe(true);
    const cluster = await db().cluster.findFirstOrThrow({ where: { caseId: c.id, name: "hostile-ring" } });
    expect((await runAction(decideClusterAction, analyst, { clusterId: cluster.id, decision: "accept" })).ok).toBe(true);
    const x = await runAction(addExhibitAction, analyst, { caseId: c.id, kind: "cluster", targetId: cluster.id, caption: "The ring" });
    if (!x.ok) throw new Error(x.error.message);
    expect((await runAction(saveFindingAction, analyst, { caseId: c.id, section: "summary", body: `Thirty accounts acted as one ${citationMarkup(x.data.id)}.`, version: 0 })).ok).toBe(true);
    const req = await runAction(requestExportAction, analyst, { caseId: c.id, profile: "legal_referral" });
    if (!req.ok) throw new Error(req.error.message);
    expect((await runAction(approveExportAction, reviewer, { exportId: req.data.id })).ok).toBe(true);
    await drain();
    const built = await db().exportPackage.findUniqueOrThrow({ where: { id: req.data.id } });
    expect(built.status, built.error ?? "").toBe("built");

    const files = unzipSync((await buildPackage(built)).zip);
    const pdfName = Object.keys(files).find((f) => f.endsWith(".pdf"))!;
    const dir = mkdtempSync(path.join(tmpdir(), "cb-hostile-"));
    const file = path.join(dir, "referral.pdf");
    writeFileSync(file, files[pdfName]);
    expect(execFileSync("qpdf", ["--check", file], { encoding: "utf8" })).toContain("No syntax or stream encoding errors");
    const pages = pdfWords(file);
    const text = squash(execFileSync("pdftotext", ["-enc", "UTF-8", file, "-"], { encoding: "utf8" }));

    // Every appendix value, whole.
    const shown = rows.map((r) => [r.id, r.createdAt.replace("T", " ").slice(0, 19), r.email, r.name, "SG", r.ip, `AS${r.asn}`, r.payment, r.ua, r.org, r.status]);
    const missing = shown.flat().filter((v) => !text.includes(squash(v)));
    expect(missing).toEqual([]);
    // …each in its own row and column.
    const header = ["Account", "Created (UTC)", "Email", "Name", "Country", "Signup IP", "ASN", "Payment", "User agent", "Org", "Status"];
    const table = checkTableRows(pages, header, shown);
    expect(table.problems.slice(0, 5)).toEqual([]);
    expect(table.found).toBe(30);

    // Every custody value, whole, in its row.
    const items = await db().evidenceItem.findMany({ where: { caseId: c.id }, orderBy: [{ acquiredAt: "asc" }, { id: "asc" }], include: { custody: { orderBy: [{ at: "asc" }, { id: "asc" }], include: { actor: true } } } });
    const custody = items.flatMap((e) => e.custody.map((h) => ({ ...h, file: e.originalName })));
    expect(custody.length).toBeGreaterThanOrEqual(2);
    const custodyRows = custody.map((e, i) => [String(i + 1), e.file, e.at.toISOString().replace("T", " ").slice(0, 19), e.actor.name, e.action, e.sha256, e.note]);
    expect(custodyRows.flat().filter((v) => !text.includes(squash(v)))).toEqual([]);
    expect(custodyRows[0][1]).toBe(fileName);
    const custodyTable = checkTableRows(pages, ["#", "Evidence", "When (UTC)", "Who", "Action", "SHA-256", "Note"], custodyRows);
    expect(custodyTable.problems).toEqual([]);
    expect(custodyTable.found).toBe(custody.length);

    // Nothing ends in "…" outside the contents and the running headers (drawn above the content area).
    const contents = pages.filter((words) => words.some((w) => w.t === "Contents" && w.y0 > PAGE.top - 2 && w.y0 < PAGE.top + 30));
    expect(contents.length).toBeGreaterThanOrEqual(1);
    const cut = pages.flatMap((words, p) => (contents.includes(words) ? [] : words.filter((w) => w.y0 > PAGE.top - 2 && w.t.includes("…")).map((w) => `page ${p + 1}: ${w.t}`)));
    expect(cut).toEqual([]);
  });
});
