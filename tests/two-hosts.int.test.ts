// Casebook on two hosts: two worker processes, each with its own data folder and nothing on disk in
// common; they share only the database and the object store (a real S3 API server in this process)
// and are given the installation's signing key in CASEBOOK_SIGNING_KEY_PEM. Imports, an analysis and
// an export build all complete; kill -9 of the host building the package mid-build, and the other
// host puts the job back once its heartbeat is stale (another host's worker cannot be seen to be
// dead) and builds a package that verifies with the one key. Evidence, packages and checkpoints
// never touch either host's disk. The file has a database of its own on the suite's server, so no
// other file meets evidence kept in a bucket that is gone once this one ends.
import { readdirSync, readFileSync, mkdtempSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ListObjectsV2Command } from "@aws-sdk/client-s3";
import { runAction } from "../lib/action";
import { requestAnalysisAction } from "../lib/analysis/mutations";
import { readCheckpoints } from "../lib/audit/checkpoints";
import { verifyAuditLog } from "../lib/audit/verify";
import { db, disconnectDb } from "../lib/db";
import { migrate } from "../lib/platform/migrate";
import { loadOrCreateSigningKey, PRIVATE_KEY_FILE, signingKeyDir } from "../lib/signing/key";
import { s3Client } from "../lib/storage/s3";
import { setBlobStore } from "../lib/storage/store";
import { approvedReferralOfEveryAccount, built, expectStoredPackageVerifies, exportOf, manyAccountsCsv, rendering } from "./export-fixtures";
import { caseWithToken, importStatus, spawnWorker, upload, waitFor } from "./import-client";
import { dropFreshDatabases, emptyDatabase } from "./helpers/fresh-database";
import { envChanges } from "./helpers/env";
import { startS3Server, type TS3Server } from "./helpers/s3-server";

// Enough appendix rows (about 240 pages) that rendering takes seconds, long enough to stop it midway.
const ACCOUNTS = 12_000;
const HOSTS = ["host-a", "host-b"] as const;

let s3: TS3Server;
let keyPem: string;
const dirs: Record<string, string> = {};
const env = envChanges();
const setEnv = env.set;

let database = "";
beforeAll(async () => {
  database = await emptyDatabase("two_hosts");
  await migrate(database);
  s3 = await startS3Server("casebook-hosts");
  // The installation's key, as an operator would hand it to every host: the PEM itself.
  await loadOrCreateSigningKey();
  keyPem = readFileSync(path.join(signingKeyDir(), PRIVATE_KEY_FILE), "utf8");
  // This process is the web host: uploads go to the bucket, checkpoints too.
  setEnv({ ...s3.env, CASEBOOK_CHECKPOINT_STORE: "s3", DATABASE_URL: database, DATABASE_DIRECT_URL: undefined });
  setBlobStore(null);
  for (const h of HOSTS) dirs[h] = mkdtempSync(path.join(os.tmpdir(), `casebook-${h}-`));
});
afterAll(async () => {
  await disconnectDb();
  env.restore();
  setBlobStore(null);
  await dropFreshDatabases();
  await s3.stop();
});

function startHost(name: (typeof HOSTS)[number]) {
  return spawnWorker({
    ...s3.env,
    DATABASE_URL: database,
    CASEBOOK_CHECKPOINT_STORE: "s3",
    CASEBOOK_DATA_DIR: dirs[name],
    CASEBOOK_CHECKPOINT_FILE: path.join(dirs[name], "audit-checkpoints.jsonl"),
    CASEBOOK_HOST_NAME: name,
    CASEBOOK_SIGNING_KEY_PEM: keyPem,
    // Rendering keeps a worker's event loop busy for seconds at a time, its heartbeat with it: a
    // host is taken for lost only after 10 s of silence (30 s by default).
    CASEBOOK_JOB_STALE_MS: "10000",
  });
}
type THost = ReturnType<typeof startHost>;
const stop = async (h: THost) => {
  if (h.proc.exitCode !== null || h.proc.signalCode !== null) return;
  h.proc.kill("SIGTERM");
  await new Promise((r) => h.proc.once("exit", r));
};
const hostOf = (workerId: string | null) => workerId?.split(":")[0] ?? null;
/** Every file under a folder, recursively. */
const filesUnder = (dir: string): string[] => readdirSync(dir, { recursive: true, encoding: "utf8" }).filter((f) => statSync(path.join(dir, f)).isFile());

describe("two hosts sharing only the database and the object store", () => {
  it("import, analyse and build; kill -9 of the building host, and the other finishes the package, signed with the one key", { timeout: 300_000 }, async () => {
    const hosts = { "host-a": startHost("host-a"), "host-b": startHost("host-b") };
    try {
      await waitFor("both hosts to start", async () => HOSTS.every((h) => hosts[h].lines.some((l) => l.includes(`started (${h}:`))), 60_000);
      const key = await loadOrCreateSigningKey();
      for (const h of HOSTS) expect(hosts[h].lines.join("\n")).toContain(`signing key ${key.fingerprint}`);

      // Imports: the files go up here and into the bucket; a host reads them back from there.
      const { analyst, c, token } = await caseWithToken();
      const accounts = await upload(c.id, token, "accounts", manyAccountsCsv(ACCOUNTS), "accounts.csv");
      expect(accounts.status).toBe(202);
      const accountsId = ((await accounts.json()) as { id: string }).id;
      const done = (id: string) => waitFor(`import ${id}`, async () => ((await importStatus(id)).status === "succeeded" ? importStatus(id) : null), 120_000, 200);
      expect(await done(accountsId)).toMatchObject({ status: "succeeded", errorCount: 0 });
      const exchanges = Array.from({ length: 2_000 }, (_, i) =>
        JSON.stringify({ exchange_id: `e${i}`, account_id: `x_${String(i % ACCOUNTS).padStart(6, "0")}`, timestamp: `2026-04-0${1 + (i % 9)}T00:00:0${i % 10}Z`, model: "m", prompt: `task ${i % 7}`, response: "r" }),
      ).join("\n");
      const ex = await upload(c.id, token, "exchanges", exchanges, "exchanges.jsonl");
      expect(ex.status).toBe(202);
      expect(await done(((await ex.json()) as { id: string }).id)).toMatchObject({ status: "succeeded", errorCount: 0 });
      expect(await db().exchange.count({ where: { caseId: c.id } })).toBe(2_000);

      // An analysis, run by whichever host claims it.
      const run = await runAction(requestAnalysisAction, analyst, { caseId: c.id, kind: "cluster_suggestion" });
      if (!run.ok) throw new Error(run.error.message);
      await waitFor("the analysis", async () => (await db().analysisRun.findUniqueOrThrow({ where: { id: run.data.run.id } })).status === "succeeded", 120_000, 200);

      // The build: kill -9 the host that holds it, while it renders.
      const exportId = await approvedReferralOfEveryAccount(c.id, analyst);
      await rendering(exportId);
      const job = await db().job.findUniqueOrThrow({ where: { kind_subjectId: { kind: "export", subjectId: exportId } } });
      const building = hostOf(job.workerId) as (typeof HOSTS)[number];
      expect(HOSTS).toContain(building);
      const other = HOSTS.find((h) => h !== building)!;
      hosts[building].proc.kill("SIGKILL");
      await new Promise((r) => hosts[building].proc.once("exit", r));

      await built(exportId, other);
      const finished = await db().job.findUniqueOrThrow({ where: { id: job.id } });
      expect(finished).toMatchObject({ status: "succeeded", attempts: 2 });
      expect(hostOf(finished.workerId)).toBe(other);
      const requeued = await db().auditEvent.findFirstOrThrow({ where: { entityId: exportId, action: "export.requeued" } });
      expect(requeued.data).toMatchObject({ lostWorker: job.workerId });
      expect(requeued.actorLabel).toContain(other);

      // The package is in the bucket and verifies against the one key the database records.
      const recorded = await db().signingIdentity.findUniqueOrThrow({ where: { id: 1 } });
      expect(recorded.fingerprint).toBe(key.fingerprint);
      await expectStoredPackageVerifies(exportId, c.id, ACCOUNTS / 100, recorded.fingerprint);
      const x = await exportOf(exportId);
      const inBucket = await (await s3Client()).send(new ListObjectsV2Command({ Bucket: s3.bucket }));
      const keys = (inBucket.Contents ?? []).map((o) => o.Key!);
      expect(keys).toContain(`blobs/${x.sha256}`);

      // Checkpoints are in the bucket, written by the hosts, and the log verifies against them.
      const cps = await readCheckpoints();
      expect(cps.file).toBe("s3://casebook-hosts/audit-checkpoints/");
      expect(cps.checkpoints.length).toBeGreaterThan(0);
      expect(new Set(cps.checkpoints.map((cp) => cp.keyFingerprint))).toEqual(new Set([key.fingerprint]));
      const verified = await verifyAuditLog();
      expect(verified.problems).toEqual([]);

      // Nothing of the evidence, the package or the checkpoints on either host's disk.
      for (const h of HOSTS) {
        const files = filesUnder(dirs[h]);
        expect(files.filter((f) => f.includes(x.sha256!) || f.startsWith("blobs") || f.includes("checkpoint") || f.includes("signing")), `${h}: ${files.join(", ")}`).toEqual([]);
      }
    } finally {
      await Promise.all(HOSTS.map((h) => stop(hosts[h])));
    }
  });
});
