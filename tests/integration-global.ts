// Starts a throwaway PostgreSQL for the integration tests (or uses TEST_DATABASE_URL), applies the
// migrations, and hands the URLs to the tests. CASEBOOK_TEST_PG chooses what the suite talks to:
//   embedded   (default) the embedded server Casebook runs without DATABASE_URL (PostgreSQL 18)
//   pgbouncer  the same server behind PgBouncer in transaction mode: DATABASE_URL is the pooler,
//              DATABASE_DIRECT_URL the server, and Casebook must notice the pooler by itself
//              (CASEBOOK_PG_PREPARED_STATEMENTS stays unset)
//   pg15       Debian's PostgreSQL 15 (the lowest Casebook supports), run the way the embedded
//              server is run: same code, other binaries (CASEBOOK_TEST_PG15_BIN, default Debian's)
import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { freePort, startEmbeddedPostgres, type EmbeddedServer } from "../lib/platform/embedded-postgres";
import { migrate } from "../lib/platform/migrate";
import { serverMajor } from "../lib/platform/pg-binaries";
import { startPgBouncer, type TPooler } from "./helpers/pgbouncer";

const MODES = ["embedded", "pgbouncer", "pg15"] as const;
export type TTestPg = (typeof MODES)[number];

const PG15_BIN = process.env.CASEBOOK_TEST_PG15_BIN || "/usr/lib/postgresql/15/bin";

let server: EmbeddedServer | null = null;
let pooler: TPooler | null = null;
let dir: string | null = null;
let blobDir: string | null = null;

function testPg(): TTestPg {
  const given = process.env.CASEBOOK_TEST_PG || "embedded";
  if (!(MODES as readonly string[]).includes(given)) throw new Error(`CASEBOOK_TEST_PG=${given}: expected one of ${MODES.join(", ")}`);
  return given as TTestPg;
}

export async function setup(project: TestProject) {
  const mode = testPg();
  let url = process.env.TEST_DATABASE_URL;
  if (url && mode !== "embedded") throw new Error(`TEST_DATABASE_URL is for CASEBOOK_TEST_PG=embedded; ${mode} starts its own server`);
  if (!url) {
    dir = mkdtempSync(path.join(os.tmpdir(), "casebook-test-"));
    chmodSync(dir, 0o755); // our own folder: as root, the server's user `postgres` can then keep its cluster here
    const binaries = mode === "pg15" ? { root: path.dirname(PG15_BIN), build: "system-15" } : undefined;
    if (binaries && serverMajor(binaries.root) !== 15) throw new Error(`${PG15_BIN}/postgres is PostgreSQL ${serverMajor(binaries.root)}, not 15 (CASEBOOK_TEST_PG15_BIN)`);
    server = await startEmbeddedPostgres({ dataDir: dir, port: await freePort(), database: "casebook_test", binaries, log: () => {} });
    url = server.url;
  }
  await migrate(url);
  // Through PgBouncer the tests' DATABASE_URL is the pooler; session work goes to the server.
  let direct = "";
  if (mode === "pgbouncer") {
    pooler = await startPgBouncer(url, await freePort());
    direct = url;
    url = pooler.url;
  }
  project.provide("testPg", mode);
  project.provide("databaseUrl", url);
  project.provide("databaseDirectUrl", direct);
  project.provide("poolerAdminUrl", pooler?.adminUrl ?? "");
  // Evidence files of the tests go to a throwaway folder too.
  blobDir = mkdtempSync(path.join(os.tmpdir(), "casebook-test-data-"));
  project.provide("dataDir", blobDir);
  // As every host does at start (scripts/start.ts): the installation's signing key is recorded
  // before anything signs, so no test's first checkpoint finds one more event than it made.
  // The tests' key is the one in their data folder (<dataDir>/signing, CASEBOOK_DATA_DIR there).
  process.env.DATABASE_URL = url;
  const { signingKeyInUse } = await import("../lib/signing/identity");
  const { loadOrCreateSigningKey } = await import("../lib/signing/key");
  const { hostActor } = await import("../lib/actors");
  const { disconnectDb } = await import("../lib/db");
  await signingKeyInUse(hostActor("test-setup"), await loadOrCreateSigningKey(path.join(blobDir, "signing")));
  await disconnectDb();
}

export async function teardown() {
  await pooler?.stop();
  await server?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
  if (blobDir) rmSync(blobDir, { recursive: true, force: true });
}

declare module "vitest" {
  export interface ProvidedContext {
    testPg: TTestPg;
    databaseUrl: string;
    /** The server itself when databaseUrl is a pooler (CASEBOOK_TEST_PG=pgbouncer), else "". */
    databaseDirectUrl: string;
    /** PgBouncer's admin console (SHOW POOLS, SHOW CONFIG) when there is one, else "". */
    poolerAdminUrl: string;
    dataDir: string;
  }
}
