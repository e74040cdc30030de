// The job worker: `npm start` runs one beside the web server (CASEBOOK_ROLE=all) or alone
// (CASEBOOK_ROLE=worker); more run on other hosts against the same DATABASE_URL and object store.
// SIGTERM hands the running job back to the queue at once and exits.
// Exit 78 (EX_CONFIG): this host's signing key is not the installation's; it must not build, and
// `npm start` does not restart it.
import { startCheckpointTimer } from "../lib/audit/checkpoints.ts";
import { hostActor } from "../lib/actors.ts";
import { hostName } from "../lib/env.ts";
import { logger } from "../lib/ops/logger.ts";
import { runWorker } from "../lib/jobs/runner.ts";
import { SigningKeyMismatchError, signingKeyInUse } from "../lib/signing/identity.ts";
import { EXIT_WRONG_KEY } from "./worker-args.ts";


const workerId = `${hostName()}:${process.pid}`;
const controller = new AbortController();
const log = logger("worker");
for (const sig of ["SIGINT", "SIGTERM"] as const) {
  process.on(sig, () => {
    log("stopping");
    controller.abort();
  });
}
const refuse = (e: unknown) => {
  if (!(e instanceof SigningKeyMismatchError)) throw e;
  log.error(`refusing to run: ${e.message}`);
  process.exit(EXIT_WRONG_KEY);
};
// Before the first job: a worker with another key never claims a build.
const key = await signingKeyInUse(hostActor(hostName())).catch(refuse);
log(`started (${workerId}), signing key ${key!.fingerprint}`);
// Signs the audit head now (covering anything a crash left without its checkpoint) and then every
// CASEBOOK_CHECKPOINT_INTERVAL_MS when it has moved.
const stopCheckpoints = startCheckpointTimer(log);
await runWorker({ workerId, signal: controller.signal, log }).catch(refuse);
stopCheckpoints();
const { disconnectDb } = await import("../lib/db.ts");
await disconnectDb();
process.exit(0);
