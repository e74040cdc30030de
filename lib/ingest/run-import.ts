// Runs one import end to end on one connection, all or nothing: a crash or kill at any moment
// leaves the whole file or nothing, and a stopping worker's signal ends the run before its last
// transaction. Two ways in, chosen by what the case already holds:
//   - a case's first exchanges load into a fresh partition of their own (lib/ingest/partition.ts):
//     COPY into an unindexed table, its indexes built after, the rollups written from the tally
//     kept while reading (lib/ingest/rollup-tally.ts), attached last, all in one transaction;
//   - accounts, and exchanges into a case that has some, go through a temporary staging table:
//     the database finds what only it can (ids repeated in the file or already in the case), then
//     the file is rejected whole or every row moves into place (lib/ingest/finish-import.ts).
// Exchanges imports into one case take turns (a session advisory lock), so the choice holds.
import pg from "pg";
import { runBulkAction, type TResult } from "../action";
import { workerActor } from "../actors";
import type { TPerson } from "../authz";
import { directDatabaseUrl } from "../env";
import { JobCancelledError } from "../jobs/handler";
import type { TAccountRow } from "./accounts-format";
import { copyLine } from "./copy-text";
import { completeImportAction, rejectImportAction } from "./finish-import";
import { analyzeTable, attachPartition, beginFreshLoad, buildIndexes, canLoadFresh, dropLoadTable, prepareFreshTable, RepeatedIdsError, repeatedIds, writeTalliedRollups } from "./partition";
import { linesOfExchangeIds, readIntoCopy, type TFileRead, type TProgress, type TStoredFile } from "./read-file";
import { RollupTally } from "./rollup-tally";
import { repeatedIdError, STAGING, stagingChecks } from "./staging";
import { KEEP_ERRORS, type TRowError } from "./types";

export type { TProgress };
export type TImportToRun = TStoredFile & { fileName: string; via: string; createdById: string; createdAt: Date };
export type TImportOutcome =
  | { ok: true; rows: number; result: Record<string, number> }
  | { ok: false; rows: number; errors: TRowError[]; errorCount: number };

/** The run: which job this is, and who holds it. */
export type TImportRun = { job: { id: string; workerId: string }; signal?: AbortSignal; onProgress?: (p: TProgress) => void; log?: (m: string) => void };

/** Exchanges imports into one case take turns: key space of pg_advisory_lock(int, int). */
const EXCHANGES_OF_A_CASE = 7_272_019;

function accountCopyLine(r: TAccountRow) {
  return copyLine([r.line, r.externalId, r.createdAt, r.email, r.displayName, r.country, r.signupIp, r.asn, r.paymentFingerprint, r.userAgent, r.organizationId, r.status, r.cluster, JSON.stringify(r.attributes)]);
}

/** Where an import's time goes, for the worker's log and the benchmark. */
function phaseClock() {
  const start = performance.now();
  let last = start;
  const laps: [string, number][] = [];
  return {
    lap(name: string) {
      const now = performance.now();
      laps.push([name, (now - last) / 1000]);
      last = now;
    },
    summary(rows: number) {
      const total = (performance.now() - start) / 1000;
      return `${total.toFixed(1)} s (${Math.round(rows / total).toLocaleString("en")} rows/s): ${laps.map(([n, s]) => `${n} ${s.toFixed(1)} s`).join("; ")}`;
    },
  };
}

function settled<R>(r: TResult<R>): R {
  if (!r.ok) throw new Error(`the import could not be committed: ${r.error.message}`);
  return r.data;
}

type TRunState = { client: pg.Client; job: TImportToRun; run: TImportRun; onProgress: (p: TProgress) => void; clock: ReturnType<typeof phaseClock> };

/** Who the import acts for, what its audit events say, and how it refuses a file. */
async function importOutcomes(s: TRunState, read: TFileRead) {
  const { client, job, run } = s;
  // The worker acts for the person who submitted the file: the audit log names both.
  const submitter = (await client.query(`SELECT id, email, name, role, disabled FROM app_user WHERE id = $1`, [job.createdById])).rows[0] as TPerson;
  const actor = workerActor(run.job.workerId, submitter);
  const about = { importId: job.id, caseId: job.caseId, kind: job.kind, fileName: job.fileName, sha256: job.sha256, rows: read.rows, job: run.job };
  const reject = async (errs: TRowError[], count: number): Promise<TImportOutcome> => {
    const kept = errs.sort((a, b) => a.line - b.line).slice(0, KEEP_ERRORS);
    settled(await runBulkAction(client, rejectImportAction, actor, { ...about, errors: kept, errorCount: count }));
    return { ok: false, rows: read.rows, errors: kept, errorCount: count };
  };
  const rejectFile = (fileError: string) => {
    const line = /^line (\d+)/.exec(fileError)?.[1];
    return reject([{ line: line ? Number(line) : 0, message: fileError }, ...read.errors], read.errorCount + 1);
  };
  const complete = (placed: { exchanges: number; samples: number } | undefined, inOpenTransaction: boolean) =>
    runBulkAction(
      client,
      completeImportAction,
      actor,
      { ...about, sizeBytes: job.sizeBytes.toString(), via: job.via, createdById: job.createdById, createdAt: job.createdAt, gzipped: read.gzipped, placed },
      { inOpenTransaction },
    );
  return { reject, rejectFile, complete };
}

function finished(s: TRunState, rows: number, done: Record<string, unknown>, lastStep: string): TImportOutcome {
  s.clock.lap(lastStep);
  s.run.log?.(`import ${s.job.id}: ${rows.toLocaleString("en")} rows (${s.job.kind}) in ${s.clock.summary(rows)}`);
  const { evidenceItemId: _evidence, ...result } = done;
  return { ok: true, rows, result: result as Record<string, number> };
}

export async function runImport(job: TImportToRun, run: TImportRun): Promise<TImportOutcome> {
  const client = new pg.Client({ connectionString: directDatabaseUrl(), application_name: `casebook-import-${job.id}` });
  await client.connect();
  const s: TRunState = { client, job, run, onProgress: run.onProgress ?? (() => {}), clock: phaseClock() };
  try {
    if (job.kind === "exchanges") {
      await client.query(`SELECT pg_advisory_lock($1, hashtext($2))`, [EXCHANGES_OF_A_CASE, job.caseId]);
      if (await canLoadFresh(client, job.caseId)) return await runFresh(s);
    }
    return await runStaged(s);
  } finally {
    // Ending the session releases the advisory lock, whatever happened.
    await client.end().catch(() => {});
  }
}

async function runStaged(s: TRunState): Promise<TImportOutcome> {
  const { client, job, run } = s;
  const q = (sql: string, params?: unknown[]) => client.query(sql, params);
  await q(STAGING[job.kind].create);
  const read = await readIntoCopy(client, job, { copy: STAGING[job.kind].copy, account: accountCopyLine, exchanges: { mode: "staged" } }, { signal: run.signal, onProgress: s.onProgress });
  s.clock.lap("read, validated and staged");
  if (run.signal?.aborted) throw new JobCancelledError();
  const { reject, rejectFile, complete } = await importOutcomes(s, read);
  if (read.fileError) return await rejectFile(read.fileError);

  const progress = { rowsDone: read.rows, bytesDone: Number(job.sizeBytes) };
  s.onProgress({ ...progress, phase: "checking the rows against the case" });
  await q("ANALYZE stg");
  const found = await stagingChecks(q, job.kind, job.caseId);
  s.clock.lap("checked against the case");
  if (read.errorCount + found.count > 0) return await reject([...read.errors, ...found.errors], read.errorCount + found.count);
  s.onProgress({ ...progress, phase: "moving the rows into place" });
  return finished(s, read.rows, settled(await complete(undefined, false)), "moved into place with rollups, evidence and audit");
}

/** A case's first exchanges: loaded into a fresh table, indexed, attached as its partition, in one transaction. */
async function runFresh(s: TRunState): Promise<TImportOutcome> {
  const { client, job, run } = s;
  await prepareFreshTable(client, job.caseId);
  await client.query("BEGIN");
  let open = true;
  const rollback = async () => {
    open = false;
    await client.query("ROLLBACK");
    await dropLoadTable(client, job.caseId);
  };
  try {
    const { copy } = await beginFreshLoad(client, job.caseId);
    const tally = new RollupTally();
    const read = await readIntoCopy(client, job, { copy, exchanges: { mode: "fresh", tally } }, { signal: run.signal, onProgress: s.onProgress });
    s.clock.lap("read, validated and loaded");
    if (run.signal?.aborted) throw new JobCancelledError();
    const { reject, rejectFile, complete } = await importOutcomes(s, read);
    if (read.fileError) {
      await rollback();
      return await rejectFile(read.fileError);
    }

    const progress = { rowsDone: read.rows, bytesDone: Number(job.sizeBytes) };
    let repeated = { ids: [] as string[], extra: 0 };
    try {
      await buildIndexes(client, job.caseId, (done, of) => s.onProgress({ ...progress, phase: `building the case's indexes (${Math.min(done + 1, of)} of ${of})` }));
    } catch (e) {
      if (!(e instanceof RepeatedIdsError)) throw e;
      repeated = await repeatedIds(client, job.caseId, KEEP_ERRORS);
    }
    s.clock.lap("indexed");
    if (read.errorCount + repeated.extra > 0) {
      await rollback();
      return await reject([...read.errors, ...(await repeatErrors(job, repeated.ids, run.signal))], read.errorCount + repeated.extra);
    }

    s.onProgress({ ...progress, phase: "writing the case's figures and attaching its rows" });
    await analyzeTable(client, job.caseId);
    const tallied = tally.result();
    await writeTalliedRollups(client, job.caseId, tallied);
    s.clock.lap("analysed, rollups written");
    await attachPartition(client, job.caseId);
    s.clock.lap("attached");
    open = false; // the action commits, or rolls back on failure
    return finished(s, read.rows, settled(await complete({ exchanges: tallied.total.exchanges, samples: tallied.total.samples }, true)), "evidence and audit");
  } catch (e) {
    if (open) {
      await client.query("ROLLBACK").catch(() => {});
      await dropLoadTable(client, job.caseId).catch(() => {}); // else the next run's replaces it
    }
    throw e;
  }
}

/** The repeated ids' lines, as the staging checks word them: every line after an id's first. */
async function repeatErrors(job: TStoredFile, ids: string[], signal?: AbortSignal): Promise<TRowError[]> {
  if (ids.length === 0) return [];
  const lines = await linesOfExchangeIds(job, ids, signal);
  const errors: TRowError[] = [];
  for (const [id, at] of lines) for (const line of at.slice(1)) errors.push(repeatedIdError("exchange_id", id, line, at[0]));
  return errors;
}
