// A case with the sample files imported, a finding citing one exhibit, and a legal referral
// requested, approved and built by the queue, then downloaded through the real route: the setup of
// tests that need a package in the store (backup, the object store).
import { readFileSync } from "node:fs";
import path from "node:path";
import { expect } from "vitest";
import { GET as downloadRoute } from "../../app/api/v1/exports/[exportId]/download/route";
import { runAction } from "../../lib/action";
import { setCaseTeamAction } from "../../lib/cases/mutations";
import { db } from "../../lib/db";
import { approveExportAction, requestExportAction } from "../../lib/exports/mutations";
import { addExhibitAction, saveFindingAction } from "../../lib/findings/mutations";
import { makeToken, makeUser } from "../fixtures";
import { caseWithToken, drain, upload } from "../import-client";

export const SAMPLE_FILES = path.resolve(import.meta.dirname, "../../e2e/fixtures");

/** The package's download through the route handler, as a token holder asks for it. */
export function downloadPackage(exportId: string, token: string): Promise<Response> {
  return downloadRoute(new Request(`http://x/api/v1/exports/${exportId}/download`, { headers: { authorization: `Bearer ${token}` } }), { params: Promise.resolve({ exportId }) });
}

/** An analyst's case with both sample files imported, and a reviewer on its team. */
export async function caseWithSampleFiles() {
  const { analyst, c, token } = await caseWithToken();
  await upload(c.id, token, "accounts", readFileSync(path.join(SAMPLE_FILES, "accounts.sample.csv")), "accounts.csv");
  await drain();
  await upload(c.id, token, "exchanges", readFileSync(path.join(SAMPLE_FILES, "exchanges.sample.jsonl")), "exchanges.jsonl");
  await drain();
  const reviewer = await makeUser("reviewer");
  const team = await runAction(setCaseTeamAction, analyst, { caseId: c.id, leadId: analyst.id, members: [{ userId: reviewer.id, role: "reviewer" }] });
  expect(team.ok, JSON.stringify(team)).toBe(true);
  return { analyst, reviewer, c, token };
}

export async function caseWithBuiltExport() {
  const { analyst, reviewer, c, token } = await caseWithSampleFiles();
  const sample = await db().exchange.findFirstOrThrow({ where: { caseId: c.id, isSample: true } });
  expect((await runAction(addExhibitAction, analyst, { caseId: c.id, kind: "sample", targetId: String(sample.id), caption: "One sample" })).ok).toBe(true);
  expect((await runAction(saveFindingAction, analyst, { caseId: c.id, section: "summary", body: "Accounts shared payment fingerprints.", version: 0 })).ok).toBe(true);
  const req = await runAction(requestExportAction, analyst, { caseId: c.id, profile: "legal_referral" });
  if (!req.ok) throw new Error(req.error.message);
  expect(await runAction(approveExportAction, reviewer, { exportId: req.data.id })).toMatchObject({ ok: true });
  await drain();
  const x = await db().exportPackage.findUniqueOrThrow({ where: { id: req.data.id } });
  expect(x.status, x.error ?? "").toBe("built");
  const { token: reviewerToken } = await makeToken(reviewer.email);
  const res = await downloadPackage(x.id, reviewerToken);
  expect(res.status).toBe(200);
  return { analyst, token, reviewerToken, c, x, zip: new Uint8Array(await res.arrayBuffer()) };
}
