// Imports end to end on the real database: the HTTP API with a token, the same file twice, whole-
// file rejection, and a worker killed mid-import leaving nothing, then a retry that succeeds.
import { randomUUID } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { GET as getImportRoute } from "../app/api/v1/imports/[importId]/route";
import { GET as getErrorsCsv } from "../app/api/v1/imports/[importId]/errors/route";
import { GET as downloadEvidence } from "../app/api/v1/evidence/[evidenceId]/download/route";
import { db } from "../lib/db";
import { onPrisma } from "../lib/db/sql";
import { dataDir } from "../lib/env";
import { partitionName } from "../lib/ingest/partition";
import { rebuildCaseRollups, ROLLUP_TABLES } from "../lib/ingest/rollups";
import { makeCase, makeToken, makeUser } from "./fixtures";
import { caseWithToken, drain, importStatus, queueLargeImport, spawnWorker, upload, waitFor } from "./import-client";

const FIX = path.resolve("e2e/fixtures");

/** Every file in the blob store's folder (lib/storage/blob-store.ts), temporary ones included. */
function blobFiles(): string[] {
  const dir = path.join(dataDir(), "blobs");
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => path.relative(dir, path.join(d.parentPath, d.name)))
    .sort();
}

const counts = async (caseId: string) => ({
  accounts: await db().account.count({ where: { caseId } }),
  exchanges: await db().exchange.count({ where: { caseId } }),
  evidence: await db().evidenceItem.count({ where: { caseId } }),
});

describe("imports", () => {
  it("imports the contract's sample files through the API, recognises the same file twice, keeps the bytes", async () => {
    const { c, token } = await caseWithToken();
    const accountsCsv = readFileSync(path.join(FIX, "accounts.sample.csv"));
    const res = await upload(c.id, token, "accounts", accountsCsv, "accounts.sample.csv");
    expect(res.status).toBe(202);
    const job = await res.json();
    expect(job).toMatchObject({ status: "queued", kind: "accounts" });
    await drain();
    const done = await (await getImportRoute(new Request("http://x", { headers: { authorization: `Bearer ${token}` } }), { params: Promise.resolve({ importId: job.id }) })).json();
    expect(done).toMatchObject({ status: "succeeded", rowsDone: 8, result: { accounts: 8, clustersCreated: 2 } });
    const acct = await db().account.findUniqueOrThrow({ where: { caseId_externalId: { caseId: c.id, externalId: "acct_7f3a92" } }, include: { clusters: { include: { cluster: true } } } });
    expect(acct).toMatchObject({ displayName: "Zhang, Kai", asn: 4134n, attributes: { referral_code: "R-22" } });
    expect(acct.clusters.map((m) => m.cluster.name)).toEqual(["hydra-A"]);
    const links = await db().clusterLink.findMany({ where: { cluster: { caseId: c.id, name: "hydra-A" } } });
    expect(links.map((l) => [l.kind, l.value, l.accountCount])).toEqual([["imported_label", "hydra-A", 3]]);

    const again = await upload(c.id, token, "accounts", accountsCsv, "renamed.csv");
    expect(again.status).toBe(200);
    expect((await again.json()).id).toBe(job.id);
    await drain();
    expect((await counts(c.id)).accounts).toBe(8);

    const ex = await upload(c.id, token, "exchanges", readFileSync(path.join(FIX, "exchanges.sample.jsonl")), "exchanges.sample.jsonl");
    expect(ex.status).toBe(202);
    await drain();
    const after = await counts(c.id);
    expect(after).toMatchObject({ accounts: 8, exchanges: 7, evidence: 2 });
    expect(after.exchanges).toBeGreaterThan(0);
    expect(await db().exchange.count({ where: { caseId: c.id, isSample: true } })).toBeGreaterThan(0);

    const ev = await db().evidenceItem.findFirstOrThrow({ where: { caseId: c.id, originalName: "accounts.sample.csv" }, include: { custody: true } });
    expect(ev.custody.map((x) => x.action).sort()).toEqual(["imported", "received"]);
    const dl = await downloadEvidence(new Request("http://x", { headers: { authorization: `Bearer ${token}` } }), { params: Promise.resolve({ evidenceId: ev.id }) });
    expect(Buffer.from(await dl.arrayBuffer()).equals(accountsCsv)).toBe(true);
    expect(await db().custodyEvent.count({ where: { evidenceItemId: ev.id, action: "downloaded" } })).toBe(1);
  });

  it("rejects a file with any bad row whole, with line errors and a CSV of them", async () => {
    const { c, token } = await caseWithToken();
    const good = readFileSync(path.join(FIX, "accounts.sample.csv"), "utf8");
    const broken = good.replace("2026-04-18T02:14:41Z", "yesterday") + "acct_7f3a91,2026-04-18T02:14:09Z,,,,,,,,,,,\n";
    const res = await upload(c.id, token, "accounts", broken, "broken.csv");
    const job = await res.json();
    await drain();
    const failed = await db().importJob.findUniqueOrThrow({ where: { id: job.id } });
    expect(failed.status).toBe("failed");
    const errors = failed.errors as { line: number; field: string; message: string }[];
    expect(errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ line: 3, field: "created_at", message: expect.stringContaining("created_at 'yesterday' is not an ISO 8601 date") }),
        expect.objectContaining({ line: 11, field: "account_id", message: expect.stringContaining("appears again (first on line 2)") }),
      ]),
    );
    expect(await counts(c.id)).toEqual({ accounts: 0, exchanges: 0, evidence: 0 });
    const csv = await (await getErrorsCsv(new Request("http://x", { headers: { authorization: `Bearer ${token}` } }), { params: Promise.resolve({ importId: job.id }) })).text();
    expect(csv.split("\r\n")[0]).toBe("line,field,message");
    expect(csv).toContain("3,created_at,");

    // Accounts are resolved as the file is read, ids checked by the database after: a line can
    // have both problems, and the errors come back in line order either way.
    const orphan = [
      { exchange_id: "x1", account_id: "nobody", timestamp: "2026-04-22T00:00:00Z", model: "m" },
      { exchange_id: "x1", account_id: "nobody2", timestamp: "2026-04-22T00:00:01Z", model: "m" },
      { exchange_id: "x3", account_id: "nobody", timestamp: "yesterday", model: "m" },
    ].map((l) => JSON.stringify(l) + "\n").join("");
    const r2 = await (await upload(c.id, token, "exchanges", orphan, "orphan.jsonl")).json();
    await drain();
    const f2 = await db().importJob.findUniqueOrThrow({ where: { id: r2.id } });
    expect(f2.status).toBe("failed");
    expect(f2.errorCount).toBe(4);
    expect((f2.errors as { line: number; message: string }[]).map((e) => [e.line, e.message.replace(/^line \d+: /, "")])).toEqual([
      [1, "account_id 'nobody' is not an account of this case; import its accounts first"],
      [2, "account_id 'nobody2' is not an account of this case; import its accounts first"],
      [2, "exchange_id 'x1' appears again (first on line 1); ids must be unique"],
      [3, expect.stringMatching(/^timestamp 'yesterday' is not an ISO 8601/)],
    ]);
  });

  it("refuses imports from people who may not import, without storing anything", async () => {
    const analyst = await makeUser("analyst");
    const reviewer = await makeUser("reviewer");
    const outsider = await makeUser("analyst");
    const c = await makeCase(analyst, { members: [{ userId: reviewer.id, role: "reviewer" }] });
    // Bytes no other upload has sent, so storing them would have to add a file.
    const body = `account_id,created_at\nacct_${randomUUID()},2026-04-18T02:14:09Z\n`;
    const blobsBefore = blobFiles();
    const jobsBefore = await db().importJob.count();

    const onCase = await upload(c.id, (await makeToken(reviewer.email, "r")).token, "accounts", body, "x.csv");
    expect(onCase.status).toBe(403);
    expect((await onCase.json()).error).toMatchObject({ code: "forbidden", message: "Only analysts on this case import data into it." });
    const notOnCase = await upload(c.id, (await makeToken(outsider.email, "o")).token, "accounts", body, "x.csv");
    expect(notOnCase.status).toBe(404);
    expect((await notOnCase.json()).error).toMatchObject({ code: "not_found" });
    const noToken = await upload(c.id, "cb_000000000000_" + "y".repeat(32), "accounts", body, "x.csv");
    expect(noToken.status).toBe(401);

    expect(blobFiles()).toEqual(blobsBefore);
    expect(await db().importJob.count()).toBe(jobsBefore);
  });

  it("keeps the case's rollups equal to its rows, import after import", async () => {
    const { c, token } = await caseWithToken();
    await upload(c.id, token, "accounts", readFileSync(path.join(FIX, "accounts.sample.csv")), "accounts.sample.csv");
    await drain();
    await upload(c.id, token, "exchanges", readFileSync(path.join(FIX, "exchanges.sample.jsonl")), "exchanges.sample.jsonl");
    const more = ["a", "b", "c"].map((x, i) => JSON.stringify({ exchange_id: `more-${x}`, account_id: "acct_7f3a92", timestamp: `2026-04-2${i}T23:59:59Z`, model: "frontier-large-2026-03", prompt_tokens: 10, completion_tokens: 5 })).join("\n");
    await upload(c.id, token, "exchanges", more + "\n", "more.jsonl");
    await drain();
    const [truth] = await db().$queryRaw<{ n: bigint; samples: bigint; pt: bigint; ct: bigint; first: Date; last: Date }[]>`
      SELECT count(*) AS n, count(*) FILTER (WHERE "isSample") AS samples, sum(coalesce("promptTokens", 0)) AS pt, sum(coalesce("completionTokens", 0)) AS ct, min(ts) AS first, max(ts) AS last
        FROM exchange WHERE "caseId" = ${c.id}`;
    expect(await db().caseRollup.findUniqueOrThrow({ where: { caseId: c.id } })).toMatchObject({
      accounts: await db().account.count({ where: { caseId: c.id } }),
      exchanges: truth.n,
      samples: Number(truth.samples),
      promptTokens: truth.pt,
      completionTokens: truth.ct,
      firstExchangeAt: truth.first,
      lastExchangeAt: truth.last,
    });
    const days = await db().$queryRaw<{ day: Date; model: string; n: number; samples: number }[]>`
      SELECT ts::date AS day, model, count(*)::int AS n, count(*) FILTER (WHERE "isSample")::int AS samples FROM exchange WHERE "caseId" = ${c.id} GROUP BY 1, 2 ORDER BY 1, 2`;
    const rolled = await db().exchangeDayRollup.findMany({ where: { caseId: c.id }, orderBy: [{ day: "asc" }, { model: "asc" }] });
    expect(rolled.map((r) => [r.day.toISOString().slice(0, 10), r.model, r.exchanges, r.samples])).toEqual(days.map((d) => [d.day.toISOString().slice(0, 10), d.model, d.n, d.samples]));
    expect(rolled.length).toBeGreaterThan(3);

    // Every rollup the importer keeps step by step equals the same rollup rebuilt from the rows.
    const snapshot = async () =>
      Object.fromEntries(
        await Promise.all(
          ROLLUP_TABLES.map(async (t) => [t, await db().$queryRawUnsafe<unknown[]>(`SELECT * FROM ${t} WHERE "caseId" = $1 ORDER BY 1, 2, 3`, c.id)] as const),
        ),
      );
    const kept = await snapshot();
    expect((kept.case_day_rollup as { activeAccounts: number }[]).some((d) => d.activeAccounts > 0)).toBe(true);
    expect((kept.account_rollup as unknown[]).length).toBeGreaterThan(0);
    await rebuildCaseRollups(onPrisma(db()), c.id);
    expect(kept).toEqual(await snapshot());
  });

  it("leaves nothing when the worker is killed mid-import, and a retry succeeds", async () => {
    // Long enough that the kill lands while rows still flow (the wait below fails if the job ends first).
    const ROWS = 200_000;
    const { c, importId } = await queueLargeImport(ROWS);
    const worker = spawnWorker();
    await waitFor("the worker to get going", async () => {
      const j = await importStatus(importId);
      if (j.status !== "queued" && j.status !== "running") throw new Error(`job ended before the kill: ${j.status}`);
      return j.status === "running" && j.rowsDone > 10_000;
    }, 60_000, 20);
    worker.proc.kill("SIGKILL");
    await new Promise((r) => worker.proc.once("exit", r));
    expect(await db().exchange.count({ where: { caseId: c.id } })).toBe(0);
    expect((await importStatus(importId)).status).toBe("running");

    const retry = spawnWorker();
    try {
      await waitFor("the retry to succeed", async () => {
        const j = await importStatus(importId);
        if (j.status === "failed") throw new Error(`retry failed: ${JSON.stringify(j.errors)}`);
        return j.status === "succeeded";
      }, 120_000, 250);
    } finally {
      retry.proc.kill("SIGTERM");
    }
    expect(await db().exchange.count({ where: { caseId: c.id } })).toBe(ROWS);
    // The case's first exchanges: the killed load's table went with its transaction, the retry's is the case's one partition.
    const parts = await db().$queryRaw<{ name: string }[]>`
      SELECT c.relname::text AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
       WHERE i.inhparent = 'exchange'::regclass AND pg_get_expr(c.relpartbound, c.oid) = ${`FOR VALUES IN ('${c.id}')`}`;
    expect(parts).toEqual([{ name: partitionName(c.id) }]);
    const [inPartition] = await db().$queryRawUnsafe<{ n: number }[]>(`SELECT count(*)::int AS n FROM "${partitionName(c.id)}"`);
    expect(inPartition.n).toBe(ROWS);
    const [strays] = await db().$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM pg_class WHERE relname = ${partitionName(c.id)}`;
    expect(strays.n).toBe(1);
    const actions = (await db().auditEvent.findMany({ where: { entityId: importId }, orderBy: { seq: "asc" } })).map((e) => e.action);
    expect(actions).toEqual(["import.submit", "import.started", "import.requeued", "import.started", "import.succeeded"]);
  }, 240_000);
});
