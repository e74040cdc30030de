// The embedded server's crash recovery: a stale postmaster.pid, and a server orphaned by a
// SIGKILLed parent, must not stop the next start. Data written before the crash is still there.
import { spawn } from "node:child_process";
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { freePort, startEmbeddedPostgres } from "../lib/platform/embedded-postgres";
import { queryOnce } from "./pg";

const dir = mkdtempSync(path.join(os.tmpdir(), "casebook-crash-"));
chmodSync(dir, 0o755); // as root the server runs as `postgres`, which must reach the cluster here
afterAll(() => rmSync(dir, { recursive: true, force: true }));


describe("embedded PostgreSQL", () => {
  it("restarts on the same data and recovers from a stale pid file", async () => {
    const port = await freePort();
    let server = await startEmbeddedPostgres({ dataDir: dir, port, log: () => {} });
    await queryOnce(server.url, "CREATE TABLE IF NOT EXISTS kept (v text); INSERT INTO kept VALUES ('before')");
    await server.stop();
    // A crash leaves a pid file naming a process that no longer exists.
    writeFileSync(path.join(dir, "pg", "postmaster.pid"), "999999\n" + path.join(dir, "pg") + "\n");
    server = await startEmbeddedPostgres({ dataDir: dir, port, log: () => {} });
    expect(await queryOnce(server.url, "SELECT v FROM kept")).toEqual([{ v: "before" }]);
    await server.stop();
  });

  it("stops a server orphaned by a killed parent, then starts cleanly", async () => {
    const port = await freePort();
    const holder = spawn(process.execPath, ["--import", "tsx", "tests/helpers/hold-postgres.ts", dir, String(port)], { stdio: ["ignore", "pipe", "inherit"] });
    await new Promise<void>((resolve, reject) => {
      holder.stdout!.on("data", (b: Buffer) => b.toString().includes("READY") && resolve());
      holder.once("exit", (code) => reject(new Error(`holder exited early (${code})`)));
    });
    holder.kill("SIGKILL");
    await new Promise((r) => holder.once("exit", r));

    const logs: string[] = [];
    const server = await startEmbeddedPostgres({ dataDir: dir, port, log: (m) => logs.push(m) });
    expect(logs.join("\n")).toMatch(/stopping orphaned PostgreSQL/);
    expect(await queryOnce(server.url, "SELECT v FROM kept")).toEqual([{ v: "before" }]);
    await server.stop();
  });

  it("refuses to share a data folder with a running Casebook", async () => {
    const port = await freePort();
    const server = await startEmbeddedPostgres({ dataDir: dir, port, log: () => {} });
    // Pretend another live process owns it (our parent stands in for that process).
    writeFileSync(path.join(dir, "postgres.owner"), String(process.ppid));
    await expect(startEmbeddedPostgres({ dataDir: dir, port: await freePort(), log: () => {} })).rejects.toThrow(/already serving/);
    writeFileSync(path.join(dir, "postgres.owner"), String(process.pid));
    await server.stop();
  });
});
