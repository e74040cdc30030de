// npm run bench: import throughput and table latency at campaign scale, each against a baseline
// measured in the same run on the same machine. Uses a throwaway embedded PostgreSQL.
//   BENCH_ACCOUNTS (25000)  BENCH_EXCHANGES (1000000)
import { spawnSync } from "node:child_process";
import { chmodSync, createReadStream, mkdtempSync, rmSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import { freePort, startEmbeddedPostgres } from "../lib/db/embedded-postgres.ts";
import { migrate } from "../lib/db/migrate.ts";
import { describeFailure } from "../lib/errors.ts";

const A = Number(process.env.BENCH_ACCOUNTS ?? 25_000);
const E = Number(process.env.BENCH_EXCHANGES ?? 1_000_000);
const dir = mkdtempSync(path.join(os.tmpdir(), "casebook-bench-"));
chmodSync(dir, 0o755); // as root, PostgreSQL runs as `postgres` and must be able to enter it
const server = await startEmbeddedPostgres({ dataDir: path.join(dir, "data"), port: await freePort(), log: (m) => console.log(`[postgres] ${m}`) }).catch((e) => {
  console.error(describeFailure(e));
  rmSync(dir, { recursive: true, force: true });
  process.exit(1);
});
process.env.DATABASE_URL = server.url;
process.env.CASEBOOK_DATA_DIR = path.join(dir, "data");
const say = (m: string) => console.log(m);
const gen = (args: string[]) => {
  const r = spawnSync(process.execPath, ["--import", "tsx", "scripts/bench-generate.ts", dir, String(A), String(E), ...args], { stdio: "inherit" });
  if (r.status !== 0) throw new Error("generator failed");
};

try {
  await migrate(server.url);
  const { db } = await import("../lib/db.ts");
  const { runAction } = await import("../lib/action.ts");
  const { createCaseAction } = await import("../lib/cases/mutations.ts");
  const { submitImport } = await import("../lib/ingest/mutations.ts");
  const { claimJob, runClaimedJob } = await import("../lib/jobs/runner.ts");
  const workerId = `${os.hostname()}:${process.pid}`;

  const u = await db().user.create({ data: { email: "bench@casebook.local", name: "Bench", role: "analyst" } });
  const user = { id: u.id, email: u.email, name: u.name, role: "analyst" as const, disabled: false };
  const mkCase = async (title: string) => {
    const r = await runAction(createCaseAction, user, { title, leadId: u.id, members: [] });
    if (!r.ok) throw new Error(r.error.message);
    return r.data.id;
  };
  const ours = await mkCase("bench: importer");
  const raw = await mkCase("bench: raw COPY baseline");

  say(`generating ${A.toLocaleString("en")} accounts and ${E.toLocaleString("en")} exchanges (metadata only) …`);
  gen([]);
  const importFile = async (caseId: string, kind: "accounts" | "exchanges", file: string) => {
    const t0 = performance.now();
    const s = await submitImport(user, { caseId, kind, fileName: file, via: "cli", body: createReadStream(path.join(dir, file), { highWaterMark: 1 << 20 }) });
    if (!s.ok) throw new Error(s.error.message);
    const job = await claimJob(workerId);
    await runClaimedJob(job!, workerId);
    const out = await db().importJob.findUniqueOrThrow({ where: { id: s.data.job.id } });
    if (out.status !== "succeeded") throw new Error(`import failed: ${JSON.stringify(out.errors)}`);
    return { secs: (performance.now() - t0) / 1000, rows: out.rowsDone };
  };

  const acc = await importFile(ours, "accounts", "accounts.csv");
  await importFile(raw, "accounts", "accounts.csv");
  const base = (await db().account.aggregate({ where: { caseId: raw }, _min: { id: true } }))._min.id!;
  gen([raw, base.toString()]);

  // Baseline: the same rows, already in COPY format, streamed straight into the exchange table
  // with all its indexes and keys (what `psql \copy` does).
  const client = new pg.Client({ connectionString: server.url });
  await client.connect();
  const t0 = performance.now();
  await pipeline(
    createReadStream(path.join(dir, "exchanges.copy"), { highWaterMark: 1 << 20 }),
    client.query(copyFrom(`COPY exchange ("caseId", "accountId", "externalId", ts, model, "promptTokens", "completionTokens", "isSample") FROM STDIN`)),
  );
  const rawSecs = (performance.now() - t0) / 1000;
  await client.end();

  const rssBefore = process.resourceUsage().maxRSS;
  const ex = await importFile(ours, "exchanges", "exchanges.jsonl");
  const rssPeak = process.resourceUsage().maxRSS;
  const fileMb = statSync(path.join(dir, "exchanges.jsonl")).size / 1048576;

  // Table latency: pages through the route handlers' query functions.
  const { listAccounts } = await import("../lib/accounts/queries.ts");
  const { ZAccountListParams } = await import("../lib/accounts/schema.ts");
  const { listExchanges } = await import("../lib/exchanges/queries.ts");
  const { ZExchangeListParams } = await import("../lib/exchanges/schema.ts");
  const p95 = async (name: string, fn: (cursor?: string) => Promise<string | null | undefined>) => {
    const times: number[] = [];
    let cursor: string | undefined;
    for (let i = 0; i < 200; i++) {
      const t = performance.now();
      const next = await fn(cursor);
      times.push(performance.now() - t);
      cursor = next ?? undefined; // walks deeper pages, back to the first at the end
    }
    times.sort((a, b) => a - b);
    return { name, p50: times[100], p95: times[190], max: times[199] };
  };
  const lat = [
    await p95("accounts, 50 a page, by created_at (keyset walk)", async (c) => (await listAccounts(user, ours, ZAccountListParams.parse({ cursor: c })))!.nextCursor),
    await p95("accounts, search 'acct_01'", async () => (await listAccounts(user, ours, ZAccountListParams.parse({ q: "acct_01" })))!.nextCursor && undefined),
    await p95("exchanges, 50 a page, newest first (keyset walk)", async (c) => (await listExchanges(user, ours, ZExchangeListParams.parse({ cursor: c })))!.nextCursor),
    await p95("exchanges of one account (keyset walk)", async (c) => (await listExchanges(user, ours, ZExchangeListParams.parse({ account: "acct_000042", cursor: c })))!.nextCursor),
    await p95("exchanges in a one-day window", async (c) => (await listExchanges(user, ours, ZExchangeListParams.parse({ from: "2026-05-10", to: "2026-05-11", cursor: c })))!.nextCursor),
  ];

  const rawRate = E / rawSecs;
  const ourRate = ex.rows / ex.secs;
  say("");
  say(`| measure | value |`);
  say(`|---|---|`);
  say(`| accounts import, ${A.toLocaleString("en")} rows end to end | ${acc.secs.toFixed(2)} s (${Math.round(acc.rows / acc.secs).toLocaleString("en")} rows/s) |`);
  say(`| raw COPY of ${E.toLocaleString("en")} exchange rows into the indexed table (baseline) | ${rawSecs.toFixed(1)} s (${Math.round(rawRate).toLocaleString("en")} rows/s) |`);
  say(`| exchanges import, same rows, file → parsed → validated → in place (${fileMb.toFixed(0)} MB JSONL) | ${ex.secs.toFixed(1)} s (${Math.round(ourRate).toLocaleString("en")} rows/s) |`);
  say(`| **import ÷ raw COPY** | **${(ourRate / rawRate).toFixed(2)}×** |`);
  say(`| peak RSS of the importing process | ${(rssPeak / 1024).toFixed(0)} MB (before the exchange import: ${(rssBefore / 1024).toFixed(0)} MB) |`);
  for (const l of lat) say(`| ${l.name}: p50 / p95 / max over 200 pages | ${l.p50.toFixed(1)} / ${l.p95.toFixed(1)} / ${l.max.toFixed(1)} ms |`);
  await db().$disconnect();
} finally {
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
}
