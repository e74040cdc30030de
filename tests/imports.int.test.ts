// Imports end to end on the real database: the HTTP API with a token, the same file twice, whole-
// file rejection, and a worker killed mid-import leaving nothing, then a retry that succeeds.
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, inject, it } from "vitest";
import { GET as getImportRoute } from "../app/api/v1/imports/[importId]/route";
import { GET as getErrorsCsv } from "../app/api/v1/imports/[importId]/errors/route";
import { GET as downloadEvidence } from "../app/api/v1/evidence/[evidenceId]/download/route";
import { generateCampaign } from "../lib/demo/generate";
import { db } from "../lib/db";
import { createTokenFromCli } from "../lib/tokens/system";
import { makeUser } from "./fixtures";
import { caseWithToken, drain, upload } from "./import-client";

const FIX = path.resolve("e2e/fixtures");

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

    const orphan = JSON.stringify({ exchange_id: "x1", account_id: "nobody", timestamp: "2026-04-22T00:00:00Z", model: "m" }) + "\n";
    const r2 = await (await upload(c.id, token, "exchanges", orphan, "orphan.jsonl")).json();
    await drain();
    const f2 = await db().importJob.findUniqueOrThrow({ where: { id: r2.id } });
    expect(f2.status).toBe("failed");
    expect((f2.errors as { message: string }[])[0].message).toMatch(/account_id 'nobody' is not an account of this case/);
  });

  it("refuses imports from people who may not import, without storing anything", async () => {
    const { c } = await caseWithToken();
    const reviewer = await makeUser("reviewer");
    const { token } = await createTokenFromCli(reviewer.email, "r");
    const res = await upload(c.id, token, "accounts", "account_id,created_at\n", "x.csv");
    expect(res.status).toBe(404);
    expect((await upload(c.id, "cb_000000000000_" + "y".repeat(32), "accounts", "x", "x.csv")).status).toBe(401);
  });

  it("leaves nothing when the worker is killed mid-import, and a retry succeeds", async () => {
    const { c, token } = await caseWithToken();
    const { accounts, exchanges } = generateCampaign({
      seed: 99, prefix: "k_", clusters: [{ label: "k", accounts: 50, asn: 1, country: ["SG"], ipBase: "203.0.113", userAgent: "ua" }],
      windowStart: "2026-04-22T00:00:00Z", windowDays: 10, exchanges: 250_000, sampleRate: 0.01, models: ["m"], templates: [{ text: "{task}", capability: "tool-use" }], tasks: ["t"],
    });
    const csv = "account_id,created_at\n" + accounts.map((a) => `${a.account_id},${a.created_at}`).join("\n") + "\n";
    await (await upload(c.id, token, "accounts", csv, "k-accounts.csv")).json();
    await drain();
    const jsonl = exchanges.map(({ capability: _c, ...e }) => JSON.stringify(e)).join("\n") + "\n";
    const job = await (await upload(c.id, token, "exchanges", jsonl, "k-exchanges.jsonl")).json();

    const env = { ...process.env, DATABASE_URL: inject("databaseUrl"), CASEBOOK_DATA_DIR: inject("dataDir"), CASEBOOK_JOB_STALE_MS: "1000" };
    const worker = spawn(process.execPath, ["--import", "tsx", "scripts/worker.ts"], { env, stdio: "ignore" });
    const until = Date.now() + 60_000;
    for (;;) {
      const j = await db().importJob.findUniqueOrThrow({ where: { id: job.id } });
      if (j.status === "running" && j.rowsDone > 20_000) break;
      if (j.status !== "queued" && j.status !== "running") throw new Error(`job ended before the kill: ${j.status}`);
      if (Date.now() > until) throw new Error("the worker never got going");
      await new Promise((r) => setTimeout(r, 100));
    }
    worker.kill("SIGKILL");
    await new Promise((r) => worker.once("exit", r));
    expect(await db().exchange.count({ where: { caseId: c.id } })).toBe(0);
    expect((await db().importJob.findUniqueOrThrow({ where: { id: job.id } })).status).toBe("running");

    const retry = spawn(process.execPath, ["--import", "tsx", "scripts/worker.ts"], { env, stdio: "ignore" });
    try {
      const end = Date.now() + 120_000;
      for (;;) {
        const j = await db().importJob.findUniqueOrThrow({ where: { id: job.id } });
        if (j.status === "succeeded") break;
        if (j.status === "failed" || Date.now() > end) throw new Error(`retry did not succeed: ${j.status} ${JSON.stringify(j.errors)}`);
        await new Promise((r) => setTimeout(r, 250));
      }
    } finally {
      retry.kill("SIGTERM");
    }
    expect(await db().exchange.count({ where: { caseId: c.id } })).toBe(250_000);
    const actions = (await db().auditEvent.findMany({ where: { entityId: job.id }, orderBy: { seq: "asc" } })).map((e) => e.action);
    expect(actions).toEqual(["import.submit", "import.started", "import.requeued", "import.started", "import.succeeded"]);
  });
});
