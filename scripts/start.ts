// npm start: the whole app on one command. Starts (or finds) PostgreSQL, applies migrations,
// seeds the demo on an empty embedded database, builds when the build is missing or stale, and
// serves on PORT (3000). Ctrl-C / SIGTERM stop the server and then PostgreSQL, cleanly.
// CASEBOOK_ROLE chooses what this host runs: all (web server and job worker, the default), web
// (only the web server), or worker (only the job worker: no build, no port).
//   --dev        next dev instead of a production build
//   --no-build   never build (CI builds once, before the end-to-end tests)
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import path from "node:path";
import { env } from "../lib/env.ts";
import { describeFailure } from "../lib/errors.ts";
import { logger } from "../lib/ops/logger.ts";
import { migrate } from "../lib/platform/migrate.ts";
import { resolveAuthSecret, resolveDatabase, type TDatabase } from "../lib/db/resolve.ts";
import { EXIT_WRONG_KEY, WORKER_NODE_ARGS } from "./worker-args";
import { buildIsStale } from "./build-stale";

const args = new Set(process.argv.slice(2));
const root = path.resolve(import.meta.dirname, "..");
const log = logger("casebook");
const nextBin = path.join(root, "node_modules", "next", "dist", "bin", "next");

let db: TDatabase | null = null;
let child: ChildProcess | null = null;
let worker: ChildProcess | null = null;
let stopping = false;

async function stopWorker() {
  if (!worker?.pid || worker.exitCode !== null) return;
  worker.kill("SIGTERM");
  await new Promise((r) => {
    const t = setTimeout(() => {
      worker?.kill("SIGKILL");
      r(null);
    }, 5000);
    worker!.once("exit", () => {
      clearTimeout(t);
      r(null);
    });
  });
}

/** The import worker runs beside the web server and is restarted if it dies. */
function startWorker(env: NodeJS.ProcessEnv) {
  worker = spawn(process.execPath, [...WORKER_NODE_ARGS, path.join(root, "scripts", "worker.ts")], { cwd: root, stdio: "inherit", env });
  worker.on("exit", (code) => {
    if (stopping) return;
    if (code === EXIT_WRONG_KEY) {
      // Restarting would refuse again: this host needs the installation's key (the worker said why).
      log("the job worker refused to run with this host's signing key; stopping");
      void shutdown(1);
      return;
    }
    log(`job worker exited (${code}); restarting it in 2 s`);
    setTimeout(() => !stopping && startWorker(env), 2000);
  });
}

function signalChildren(sig: NodeJS.Signals) {
  try {
    if (child?.pid && child.exitCode === null) process.kill(-child.pid, sig); // the whole group: the web server's processes, or next dev's
  } catch {}
  try {
    if (worker?.pid && worker.exitCode === null) worker.kill(sig);
  } catch {}
}
// Whatever ends this process, the children must not outlive it.
process.on("exit", () => signalChildren("SIGKILL"));

async function shutdown(code: number) {
  if (stopping) return;
  stopping = true;
  signalChildren("SIGTERM"); // at once, before anything async
  await stopWorker();
  if (child?.pid && child.exitCode === null) {
    log("stopping the web server");
    await new Promise((r) => {
      const t = setTimeout(() => {
        try {
          process.kill(-child!.pid!, "SIGKILL");
        } catch {}
        r(null);
      }, 8000);
      child!.once("exit", () => {
        clearTimeout(t);
        r(null);
      });
    });
  }
  if (db?.embedded) {
    log("stopping PostgreSQL");
    await db.embedded.stop();
  }
  process.exit(code);
}
process.on("SIGINT", () => void shutdown(0));
process.on("SIGTERM", () => void shutdown(0));

try {
  const e = env();
  const role = e.CASEBOOK_ROLE;
  const runsWeb = role !== "worker";
  const runsWorker = role !== "web";
  log(`role: ${role} (${[runsWeb && "web server", runsWorker && "job worker"].filter(Boolean).join(" and ")})`);
  // The export signing key: from CASEBOOK_SIGNING_KEY_PEM / _FILE when set, else made on first start
  // and kept outside the database (lib/signing/key.ts).
  const { describeKeySource, loadOrCreateSigningKey } = await import("../lib/signing/key.ts");
  const signingKey = await loadOrCreateSigningKey();
  log(`export signing key ${signingKey.fingerprint} (Ed25519, ${describeKeySource(signingKey.source)})`);
  db = await resolveDatabase(log);
  const applied = await migrate(db.url, log);
  log(applied.length ? `applied ${applied.length} migration(s)` : "database schema is up to date");
  process.env.DATABASE_URL = db.url;

  // Every host signs with the installation's one key: the database records its fingerprint, and a
  // host given another key stops here, before it serves or builds anything (lib/signing/identity.ts).
  const { signingKeyInUse } = await import("../lib/signing/identity.ts");
  const { hostActor } = await import("../lib/actors.ts");
  const { hostName } = await import("../lib/env.ts");
  await signingKeyInUse(hostActor(hostName()), signingKey);

  const seedMode = e.CASEBOOK_SEED;
  if (seedMode === "always" || (seedMode === "auto" && db.embedded)) {
    const { seedDemo } = await import("../lib/demo/seed.ts");
    if (await seedDemo(log)) log("seeded the demo data (logins in README.md)");
  }
  const { disconnectDb } = await import("../lib/db.ts");
  await disconnectDb();

  const secret = resolveAuthSecret();
  const port = String(e.PORT);
  const childEnv = {
    ...process.env,
    DATABASE_URL: db.url,
    AUTH_SECRET: secret,
    NEXTAUTH_SECRET: secret,
    NEXTAUTH_URL: process.env.NEXTAUTH_URL ?? `http://localhost:${port}`,
    PORT: port,
  };
  const dev = args.has("--dev");
  if (runsWeb && !dev && !args.has("--no-build") && buildIsStale(root)) {
    log("building the app (first start, or sources changed) …");
    const b = spawnSync(process.execPath, [nextBin, "build"], { cwd: root, stdio: "inherit", env: { ...childEnv, NODE_ENV: "production" } });
    if (b.status !== 0) throw new Error("next build failed");
  }
  if (runsWorker) startWorker({ ...childEnv, NODE_ENV: "production" });
  if (runsWeb) {
    // Production: scripts/web-server.mjs, the built app in one process per core (CASEBOOK_WEB_PROCESSES).
    child = spawn(process.execPath, dev ? [nextBin, "dev", "-p", port] : [path.join(root, "scripts", "web-server.mjs"), "-p", port], {
      cwd: root,
      stdio: "inherit",
      env: { ...childEnv, NODE_ENV: dev ? "development" : "production" },
      detached: true, // own process group, so shutdown reaches next-server too
    });
    log(`Casebook on http://localhost:${port}`);
    child.on("exit", (code) => {
      if (!stopping) {
        log(`web server exited (${code})`);
        void shutdown(code ?? 1);
      }
    });
  } else log("job worker only: no web server on this host (CASEBOOK_ROLE=worker)");
} catch (err) {
  log.error(describeFailure(err));
  await shutdown(1);
}
