// The package part of `npm run bench`: a legal-referral package of the bench's case with every
// account of an accepted cluster in its appendix and sample exhibits with text, built and verified.
// Target (the issue): 25,000 accounts and 500 exhibits in under 60 s and 1.5 GB.
//   The cluster (and its members) and the samples' text are written by SQL: the bench's exchanges
//   carry no text and no action adds 25,000 members at once. Team, exhibits, findings, request and
//   approval go through the real actions, as two people.
//   The build and a render-alone baseline each run in a process of their own
//   (scripts/bench-package-build.ts), whose getrusage maxRSS is the peak RSS reported.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import type { TPerson } from "../lib/authz.ts";
import { rng } from "../lib/demo/generate.ts";
import { MULTILINGUAL } from "../lib/package/pdf/sample.ts";
import { WORKER_NODE_ARGS } from "./worker-args";

export type TPackageBench = {
  accounts: number;
  exhibits: number;
  setupSecs: number;
  build: { secs: number; peakMb: number; maxStallMs: number; steps: Array<{ step: string; secs: number }>; pageCount: number; zipBytes: number; pdfBytes: number; files: number; sha256: string };
  render: { secs: number; peakMb: number; pageCount: number };
  hashMs: number;
  verifyMs: number;
};

const WORDS = "the model answer prompt chain of thought distill capability benchmark reasoning code translate summarize step explain rubric evaluate output".split(" ");
const SCRIPTS = [MULTILINGUAL.cjk, MULTILINGUAL.arabic, MULTILINGUAL.emoji, "日本語の推論手順を示せ", "🧪📈"];

/** Text of about `bytes` UTF-8 bytes: lines of words, with CJK, Arabic and emoji now and then. */
function text(r: () => number, bytes: number): string {
  const lines: string[] = [];
  let n = 0;
  while (n < bytes) {
    const words = Array.from({ length: 6 + Math.floor(r() * 14) }, () => (r() < 0.08 ? SCRIPTS[Math.floor(r() * SCRIPTS.length)] : WORDS[Math.floor(r() * WORDS.length)]));
    const line = words.join(" ");
    lines.push(line);
    n += Buffer.byteLength(line) + 1;
  }
  return lines.join("\n");
}

// Without the bench's react-server condition: react-pdf needs React's client build, as in the worker.
function child(args: string[]) {
  const r = spawnSync(process.execPath, [...WORKER_NODE_ARGS, "scripts/bench-package-build.ts", ...args], { stdio: ["ignore", "pipe", "inherit"], encoding: "utf8", maxBuffer: 1 << 24 });
  if (r.status !== 0) throw new Error(`bench-package-build ${args[0]} failed (exit ${r.status ?? r.signal})`);
  return JSON.parse(r.stdout.trim().split("\n").at(-1)!);
}

export async function benchPackage(o: { databaseUrl: string; dir: string; caseId: string; analyst: TPerson; accounts: number; exhibits: number; log: (m: string) => void }): Promise<TPackageBench> {
  const { db } = await import("../lib/db.ts");
  const { runAction } = await import("../lib/action.ts");
  const { setCaseTeamAction } = await import("../lib/cases/mutations.ts");
  const { approveExportAction, requestExportAction } = await import("../lib/exports/mutations.ts");
  const { citationMarkup } = await import("../lib/findings/markdown.ts");
  const { addExhibitAction, saveFindingAction } = await import("../lib/findings/mutations.ts");
  const { rebuildCaseRollups } = await import("../lib/ingest/rollups.ts");
  const { onPrisma } = await import("../lib/db/sql.ts");
  const { verifyPackage } = await import("../lib/package/verify.ts");
  const must = <T>(r: { ok: true; data: T } | { ok: false; error: { message: string } }): T => {
    if (!r.ok) throw new Error(r.error.message);
    return r.data;
  };
  const { caseId, analyst } = o;
  const t0 = performance.now();
  o.log(`package: an accepted cluster of ${o.accounts.toLocaleString("en")} accounts, ${o.exhibits} sample exhibits with text …`);

  const sql = new pg.Client({ connectionString: o.databaseUrl });
  await sql.connect();
  const [{ id: clusterId }] = (
    await sql.query(`INSERT INTO cluster (id, "caseId", name, origin, status, notes, "decidedById", "decidedAt", "createdAt", "updatedAt")
                     VALUES ('bench-package-cluster', $1, 'bench: the whole campaign', 'analyst', 'accepted', '', $2, now(), now(), now()) RETURNING id`, [caseId, analyst.id])
  ).rows;
  await sql.query(`INSERT INTO cluster_member ("clusterId", "accountId") SELECT $1, id FROM account WHERE "caseId" = $2 ORDER BY id LIMIT $3`, [clusterId, caseId, o.accounts]);
  // Samples spread over the case's exchanges, with 1–3 KB prompts and 2–5 KB responses.
  const { rows } = await sql.query<{ id: string }>(
    `SELECT id FROM (SELECT id, row_number() OVER (ORDER BY id) AS rn, count(*) OVER () AS n FROM exchange WHERE "caseId" = $1) t WHERE rn % greatest(1, n / $2) = 0 ORDER BY id LIMIT $2`,
    [caseId, o.exhibits],
  );
  if (rows.length < o.exhibits) throw new Error(`the case has too few exchanges for ${o.exhibits} samples`);
  const r = rng(20261201);
  const prompts = rows.map(() => text(r, 1024 + Math.floor(r() * 2048)));
  const responses = rows.map(() => text(r, 2048 + Math.floor(r() * 3072)));
  await sql.query(`UPDATE exchange e SET prompt = v.p, response = v.r, "isSample" = true FROM unnest($1::bigint[], $2::text[], $3::text[]) AS v(id, p, r) WHERE e.id = v.id`, [rows.map((x) => x.id), prompts, responses]);
  await sql.end();
  await rebuildCaseRollups(onPrisma(db()), caseId);

  const u = await db().user.create({ data: { email: "bench-reviewer@casebook.local", name: "Bench Reviewer", role: "reviewer" } });
  const reviewer: TPerson = { id: u.id, email: u.email, name: u.name, role: "reviewer", disabled: false };
  must(await runAction(setCaseTeamAction, analyst, { caseId, leadId: analyst.id, members: [{ userId: reviewer.id, role: "reviewer" }] }));
  const ids: string[] = [];
  for (const [i, row] of rows.entries()) ids.push(must(await runAction(addExhibitAction, analyst, { caseId, kind: "sample", targetId: row.id, caption: `Sample ${i + 1}: a reasoning-trace harvesting prompt` })).id);
  const cluster = must(await runAction(addExhibitAction, analyst, { caseId, kind: "cluster", targetId: clusterId, caption: "The campaign's accounts" })).id;
  const cite = (from: number, to: number) => ids.slice(from, to).map(citationMarkup).join(", ");
  const sections = {
    summary: `The accounts of ${citationMarkup(cluster)} harvested reasoning traces at scale; representative samples ${cite(0, 10)}.`,
    capabilities: `Every sample exhibit, in order: ${cite(0, ids.length)}.`,
    methodology: "Accounts were linked by shared payment fingerprints, signup networks and user agents; samples were drawn uniformly over the window.",
  };
  for (const [section, body] of Object.entries(sections)) must(await runAction(saveFindingAction, analyst, { caseId, section: section as keyof typeof sections, body, version: 0 }));
  const x = must(await runAction(requestExportAction, analyst, { caseId, profile: "legal_referral" }));
  must(await runAction(approveExportAction, reviewer, { exportId: x.id, comment: "Approved for the referral." }));
  // The approval queued the build's job; the bench builds it itself, in a process of its own.
  await db().job.updateMany({ where: { kind: "export", subjectId: x.id, status: "queued" }, data: { status: "failed", lastError: "bench: built by the bench", finishedAt: new Date() } });
  const setupSecs = (performance.now() - t0) / 1000;

  o.log(`package: building (own process) …`);
  const zipFile = path.join(o.dir, "package.zip");
  const build = child(["build", x.id, zipFile]);
  // The machine may be shared: its load says how far to trust a single timing.
  const load = () => os.loadavg()[0].toFixed(1);
  o.log(`package: built in ${build.secs.toFixed(1)} s, peak RSS ${build.peakMb.toFixed(0)} MB, longest event-loop stall ${(build.maxStallMs / 1000).toFixed(2)} s; load average ${load()} on ${os.availableParallelism()} cores`);
  o.log(`package: rendering the same PDF alone (own process) …`);
  const render = child(["render", x.id]);
  o.log(`package: rendered alone in ${render.secs.toFixed(1)} s, peak RSS ${render.peakMb.toFixed(0)} MB; load average ${load()}`);

  const zip = new Uint8Array(readFileSync(zipFile));
  const best = async (runs: number, fn: () => unknown) => {
    let min = Infinity;
    for (let i = 0; i < runs; i++) {
      const t = performance.now();
      await fn();
      min = Math.min(min, performance.now() - t);
    }
    return min;
  };
  const hashMs = await best(3, () => createHash("sha256").update(zip).digest());
  const verifyMs = await best(3, async () => {
    const report = await verifyPackage(zip, {});
    if (!report.ok) throw new Error(`the package does not verify: ${JSON.stringify(report.problems.slice(0, 3))}`);
  });
  if (createHash("sha256").update(zip).digest("hex") !== build.sha256) throw new Error("the zip on disk is not the build's");
  return { accounts: o.accounts, exhibits: ids.length, setupSecs, build, render, hashMs, verifyMs };
}
