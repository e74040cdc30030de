// The import worker: `npm start` runs one beside the web server; more can run on other machines
// against the same DATABASE_URL. SIGTERM stops it between jobs' steps; an import cut short is
// requeued by the next worker (imports commit all or nothing).
import os from "node:os";
import { runWorker } from "../lib/jobs/import-queue.ts";

const workerId = `${os.hostname()}:${process.pid}`;
const controller = new AbortController();
const log = (m: string) => console.log(`[worker] ${m}`);
for (const sig of ["SIGINT", "SIGTERM"] as const) {
  process.on(sig, () => {
    log("stopping");
    controller.abort();
    setTimeout(() => process.exit(0), 500).unref();
  });
}
log(`started (${workerId})`);
await runWorker({ workerId, signal: controller.signal, log });
const { db } = await import("../lib/db.ts");
await db().$disconnect();
process.exit(0);
