// Starts a throwaway embedded PostgreSQL for the integration tests (or uses TEST_DATABASE_URL),
// applies the migrations, and hands the URL to the tests.
import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { freePort, startEmbeddedPostgres, type EmbeddedServer } from "../lib/platform/embedded-postgres";
import { migrate } from "../lib/platform/migrate";

let server: EmbeddedServer | null = null;
let dir: string | null = null;
let blobDir: string | null = null;

export async function setup(project: TestProject) {
  let url = process.env.TEST_DATABASE_URL;
  if (!url) {
    dir = mkdtempSync(path.join(os.tmpdir(), "casebook-test-"));
    chmodSync(dir, 0o755); // our own folder: as root, the server's user `postgres` can then keep its cluster here
    server = await startEmbeddedPostgres({ dataDir: dir, port: await freePort(), database: "casebook_test", log: () => {} });
    url = server.url;
  }
  await migrate(url);
  project.provide("databaseUrl", url);
  // Evidence files of the tests go to a throwaway folder too.
  blobDir = mkdtempSync(path.join(os.tmpdir(), "casebook-test-data-"));
  project.provide("dataDir", blobDir);
}

export async function teardown() {
  await server?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
  if (blobDir) rmSync(blobDir, { recursive: true, force: true });
}

declare module "vitest" {
  export interface ProvidedContext {
    databaseUrl: string;
    dataDir: string;
  }
}
