// `npm run casebook -- import …`: the same import as the UI and the API (same checks, same errors,
// same evidence and audit), acting as a named person through the CLI, with progress on the
// terminal. The job runs in this process through the job runner, so no worker needs to be up; if a
// running worker takes it first, we wait for that one. Ctrl-C hands the job back to the queue.
import { createReadStream, existsSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { cliActor } from "../actors";
import type { TRole } from "../authz";
import { db } from "../db";
import { formatBytes, formatCount } from "../format";
import { claimJob, runClaimedJob } from "../jobs/runner";
import { submitImport } from "./mutations";

export async function importFromCli(a: { caseRef: string; kind: string; asEmail: string; file: string }): Promise<number> {
  if (!a.file || !existsSync(a.file)) {
    console.error(`error: no file at ${a.file || "(none given)"}`);
    return 2;
  }
  const u = await db().user.findUnique({ where: { email: a.asEmail.toLowerCase() } });
  if (!u || u.disabled) {
    console.error(`error: say who imports with --as EMAIL (an active analyst on the case); ${a.asEmail ? `no active user ${a.asEmail}` : "none given"}`);
    return 2;
  }
  const actor = cliActor({ id: u.id, email: u.email, name: u.name, role: u.role as TRole, disabled: u.disabled });
  const c = await db().case.findFirst({ where: { OR: [{ ref: a.caseRef }, { id: a.caseRef }] }, select: { id: true, ref: true } });
  if (!c) {
    console.error(`error: no case ${a.caseRef}`);
    return 2;
  }
  const size = statSync(a.file).size;
  console.error(`uploading ${path.basename(a.file)} (${formatBytes(size)}) into ${c.ref} as ${u.email} …`);
  const r = await submitImport(actor, { caseId: c.id, kind: a.kind, fileName: path.basename(a.file), via: "cli", body: createReadStream(a.file, { highWaterMark: 1 << 20 }) });
  if (!r.ok) {
    console.error(`error: ${r.error.message}`);
    for (const d of r.error.details) console.error(`  ${d.field ? `${d.field}: ` : ""}${d.message}`);
    return 1;
  }
  const imp = r.data.job;
  if (r.data.duplicate) {
    console.log(`this file was already imported into ${c.ref} (import ${imp.id}, ${imp.status}); nothing changed`);
    return 0;
  }
  const workerId = `${os.hostname()}:${process.pid}`;
  const queued = await db().job.findUniqueOrThrow({ where: { kind_subjectId: { kind: "import", subjectId: imp.id } } });
  const job = await claimJob(workerId, queued.id);
  if (job) {
    const stop = new AbortController();
    const onSignal = () => stop.abort();
    process.once("SIGINT", onSignal);
    process.once("SIGTERM", onSignal);
    const started = Date.now();
    const timer = setInterval(async () => {
      const j = await db().importJob.findUnique({ where: { id: imp.id }, select: { rowsDone: true, bytesDone: true, phase: true } });
      if (!j) return;
      const secs = (Date.now() - started) / 1000;
      const pct = size ? Math.min(99, (Number(j.bytesDone) / size) * 100) : 0;
      const rate = j.phase ? j.phase : `${formatCount(Math.round(j.rowsDone / Math.max(secs, 0.001)))} rows/s`;
      process.stderr.write(`\r\x1b[K  ${pct.toFixed(0).padStart(3)}%  ${formatCount(j.rowsDone)} rows  ${rate}`);
    }, 1000);
    try {
      const end = await runClaimedJob(job, workerId, { signal: stop.signal, log: (m) => console.error(`\n${m}`) });
      if (end === "released") {
        console.error("\nstopped: the import went back to the queue; a worker (npm start) will run it.");
        return 130;
      }
    } finally {
      clearInterval(timer);
      process.off("SIGINT", onSignal);
      process.off("SIGTERM", onSignal);
      process.stderr.write("\n");
    }
  } else {
    console.error("a worker picked the job up; waiting for it …");
    for (;;) {
      const j = await db().importJob.findUniqueOrThrow({ where: { id: imp.id } });
      if (j.status === "succeeded" || j.status === "failed") break;
      await new Promise((res) => setTimeout(res, 1000));
    }
  }
  const done = await db().importJob.findUniqueOrThrow({ where: { id: imp.id } });
  if (done.status === "succeeded") {
    console.log(`imported ${formatCount(done.rowsDone)} rows into ${c.ref}: ${JSON.stringify(done.result)}`);
    return 0;
  }
  console.log(`rejected: nothing from this file was written. ${done.errorCount} error(s):`);
  for (const e of (done.errors as { line: number; field?: string; message: string }[]).slice(0, 100)) console.log(`  ${e.message}`);
  if (done.errorCount > 100) console.log(`  … and ${done.errorCount - 100} more (GET /api/v1/imports/${done.id}/errors for all, as CSV)`);
  return 1;
}
