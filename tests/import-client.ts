// Drives imports as a detection pipeline does: the file goes up through the real API route with a
// token, then the real queue functions run every queued job to its end, in this process.
import { spawn, type ChildProcess } from "node:child_process";
import { inject } from "vitest";
import { POST as postImport } from "../app/api/v1/cases/[caseId]/imports/route";
import { db } from "../lib/db";
import { generateCampaign } from "../lib/demo/generate";
import { drainJobs } from "../lib/jobs/runner";
import { makeCase, makeToken, makeUser } from "./fixtures";
import { WORKER_NODE_ARGS } from "../scripts/worker-args";

export function upload(caseId: string, token: string, kind: string, body: Uint8Array | string, filename: string) {
  return postImport(
    new Request(`http://localhost/api/v1/cases/${caseId}/imports?kind=${kind}&filename=${filename}`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/octet-stream" },
      body: typeof body === "string" ? body : new Uint8Array(body),
    }),
    { params: Promise.resolve({ caseId }) },
  );
}

/** Uploads a file, runs the queue, and fails unless the import was taken and succeeded: setup a test rests on. */
export async function importOk(caseId: string, token: string, kind: string, body: Uint8Array | string, filename: string) {
  const res = await upload(caseId, token, kind, body, filename);
  if (res.status !== 202) throw new Error(`the upload of ${filename} answered ${res.status}: ${await res.text()}`);
  const { id } = (await res.json()) as { id: string };
  await drain();
  const job = await importStatus(id);
  if (job.status !== "succeeded" || job.errorCount !== 0) throw new Error(`the import of ${filename} ended ${job.status} with ${job.errorCount} errors: ${JSON.stringify(job.errors)}`);
  return job;
}

/** Runs every queued job to its end, in this process, as a worker would. */
export async function drain() {
  await drainJobs(`test-worker:${process.pid}`, (m) => process.env.DEBUG_IMPORTS && console.error(m));
}

/** An analyst leading a fresh case, with an API token. */
export async function caseWithToken() {
  const analyst = await makeUser("analyst");
  const c = await makeCase(analyst);
  const { token } = await makeToken(analyst.email, "pipeline");
  return { analyst, c, token };
}

/** A case whose accounts are in, with a large exchanges file uploaded and queued (not yet run). */
export async function queueLargeImport(exchangeCount = 250_000) {
  const { c, token, analyst } = await caseWithToken();
  const { accounts, exchanges } = generateCampaign({
    seed: 99, prefix: "k_", clusters: [{ label: "k", accounts: 50, asn: 1, country: ["SG"], ipBase: "203.0.113", userAgent: "ua" }],
    windowStart: "2026-04-22T00:00:00Z", windowDays: 10, exchanges: exchangeCount, sampleRate: 0.01, models: ["m"], templates: [{ text: "{task}", capability: "tool-use" }], tasks: ["t"],
  });
  const csv = "account_id,created_at\n" + accounts.map((a) => `${a.account_id},${a.created_at}`).join("\n") + "\n";
  await (await upload(c.id, token, "accounts", csv, "k-accounts.csv")).json();
  await drain();
  const jsonl = exchanges.map(({ capability: _c, ...e }) => JSON.stringify(e)).join("\n") + "\n";
  const imp = (await (await upload(c.id, token, "exchanges", jsonl, "k-exchanges.jsonl")).json()) as { id: string };
  return { c, analyst, importId: imp.id };
}

/** A worker process (scripts/worker.ts) on the test database; its log lines (stdout and stderr) go to `lines`. */
export function spawnWorker(extraEnv: Record<string, string> = {}): { proc: ChildProcess; lines: string[] } {
  const env = { ...process.env, DATABASE_URL: inject("databaseUrl"), CASEBOOK_DATA_DIR: inject("dataDir"), CASEBOOK_JOB_STALE_MS: "1000", ...extraEnv };
  const proc = spawn(process.execPath, [...WORKER_NODE_ARGS, "scripts/worker.ts"], { env, stdio: ["ignore", "pipe", "pipe"] });
  const lines: string[] = [];
  proc.stdout!.on("data", (b: Buffer) => lines.push(...b.toString().split("\n").filter(Boolean)));
  // Its errors are lines too (a refusal to start says why there), and still reach the test's output.
  proc.stderr!.on("data", (b: Buffer) => {
    process.stderr.write(b);
    lines.push(...b.toString().split("\n").filter(Boolean));
  });
  return { proc, lines };
}

/** Polls until `check` returns a value, or fails with `what` after `ms`. */
export async function waitFor<T>(what: string, check: () => Promise<T | null | undefined | false>, ms = 60_000, every = 100): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, every));
  }
}

export const importStatus = (id: string) => db().importJob.findUniqueOrThrow({ where: { id } });
