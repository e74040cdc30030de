// `npm start` on a worker host (CASEBOOK_ROLE=worker): it migrates, checks the signing key, starts
// the job worker and nothing else (no build, no port), runs queued jobs, and stops cleanly on
// SIGTERM. A host given another signing key stops before it serves or works, saying why.
import { spawn } from "node:child_process";
import { generateKeyPairSync } from "node:crypto";
import { mkdtempSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { inject } from "vitest";
import { freePort } from "../lib/platform/embedded-postgres";
import { hostActor } from "../lib/actors";
import { signingKeyInUse } from "../lib/signing/identity";
import { caseWithToken, importStatus, upload, waitFor } from "./import-client";

/** scripts/start.ts as `npm start` runs it, with these variables; its output lines are collected. */
function startHost(vars: Record<string, string>) {
  const env = { ...process.env, DATABASE_URL: inject("databaseUrl"), CASEBOOK_SEED: "never", CASEBOOK_LOG_FORMAT: "text", ...vars };
  const proc = spawn(process.execPath, ["--import", "tsx", "scripts/start.ts"], { env, stdio: ["ignore", "pipe", "pipe"] });
  const lines: string[] = [];
  for (const s of [proc.stdout!, proc.stderr!]) s.on("data", (b: Buffer) => lines.push(...b.toString().split("\n").filter(Boolean)));
  const exited = new Promise<number | null>((r) => proc.once("exit", r));
  return { proc, lines, exited };
}

const listening = (port: number) =>
  new Promise<boolean>((resolve) => {
    const s = net.connect(port, "127.0.0.1");
    s.once("connect", () => (s.destroy(), resolve(true)));
    s.once("error", () => resolve(false));
  });

describe("npm start by role", () => {
  it("CASEBOOK_ROLE=worker runs the job worker alone: no build, no port; it works the queue and stops on SIGTERM", { timeout: 120_000 }, async () => {
    // The suite's data folder (its evidence files, its signing key): this test is about the role.
    await signingKeyInUse(hostActor("test"));
    const port = await freePort();
    const host = startHost({ CASEBOOK_ROLE: "worker", PORT: String(port), CASEBOOK_HOST_NAME: "worker-1", CASEBOOK_DATA_DIR: inject("dataDir") });
    try {
      await waitFor("the worker to start", async () => host.lines.some((l) => l.includes("started (worker-1:")), 90_000);
      const said = host.lines.join("\n");
      expect(said).toContain("role: worker (job worker)");
      expect(said).toContain("job worker only: no web server on this host (CASEBOOK_ROLE=worker)");
      expect(said).not.toContain("building the app");
      expect(await listening(port)).toBe(false);

      const { c, token } = await caseWithToken();
      const res = await upload(c.id, token, "accounts", "account_id,created_at\nr_1,2026-04-01T00:00:00Z\n", "a.csv");
      const { id } = (await res.json()) as { id: string };
      const done = await waitFor("the worker host to run the import", async () => ((await importStatus(id)).status === "succeeded" ? true : null), 60_000, 200);
      expect(done).toBe(true);
      const job = await import("../lib/db").then(({ db }) => db().job.findFirstOrThrow({ where: { subjectId: id } }));
      expect(job.workerId).toMatch(/^worker-1:\d+$/);
    } finally {
      host.proc.kill("SIGTERM");
    }
    expect(await host.exited).toBe(0);
  });

  it("stops a host whose signing key is not the installation's, before it serves or works", { timeout: 120_000 }, async () => {
    const mine = await signingKeyInUse(hostActor("test")); // the suite's key, recorded by the first to sign
    const other = generateKeyPairSync("ed25519").privateKey.export({ type: "pkcs8", format: "pem" }).toString();
    const host = startHost({ CASEBOOK_ROLE: "worker", CASEBOOK_SIGNING_KEY_PEM: other, CASEBOOK_DATA_DIR: mkdtempSync(path.join(os.tmpdir(), "casebook-wrong-key-")) });
    expect(await host.exited).toBe(1);
    const said = host.lines.join("\n");
    expect(said).toContain(`is not the key this installation signs with (fingerprint ${mine.fingerprint}`);
    expect(said).not.toContain("started (");
  });
});
