// The job worker: `npm start` runs one beside the web server; more can run on other machines
// against the same DATABASE_URL. SIGTERM hands the running job back to the queue at once and exits.
import os from "node:os";
import { startCheckpointTimer } from "../lib/audit/checkpoints.ts";
import { runWorker } from "../lib/jobs/runner.ts";

const workerId = `${os.hostname()}:${process.pid}`;
const controller = new AbortController();
const log = (m: string) => console.log(`[worker] ${m}`);
for (const sig of ["SIGINT", "SIGTERM"] as const) {
  process.on(sig, () => {
    log("stopping");
    controller.abort();
  });
}
log(`started (${workerId})`);
// Signs the audit head now (covering anything a crash left without its checkpoint) and then every
// CASEBOOK_CHECKPOINT_INTERVAL_MS when it has moved.
const stopCheckpoints = startCheckpointTimer(log);
await runWorker({ workerId, signal: controller.signal, log });
stopCheckpoints();
const { disconnectDb } = await import("../lib/db.ts");
await disconnectDb();
process.exit(0);
