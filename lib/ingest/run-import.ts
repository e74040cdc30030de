// Runs one import end to end on one connection: stream the stored file through the parser and
// validator (an exchange's account resolved as it is read) into a temporary staging table with
// COPY, let the database find what only it can (ids repeated in the file or already in the case),
// then either reject the file whole or move every row into place
// in one transaction (lib/ingest/finish-import.ts). A crash or kill at any moment leaves the whole
// file or nothing; a stopping worker's signal ends the run before that last transaction.
import pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import { runBulkAction, type TResult } from "../action";
import { workerActor } from "../actors";
import type { TPerson } from "../authz";
import { databaseUrl, env } from "../env";
import { JobCancelledError } from "../jobs/handler";
import { blobStore } from "../storage/blob-store";
import { readAccountHeader, validateAccountRecord, type TAccountHeader, type TAccountRow } from "./accounts-format";
import { loadAccountIds, unknownAccount } from "./account-ids";
import { copyLine } from "./copy-text";
import { CsvParser, CsvSyntaxError, type TCsvRecord } from "./csv";
import { decodeText, IngestFileError } from "./decode";
import { validateExchangeLine, type TExchangeRow } from "./exchanges-format";
import { gunzipLimit } from "./gunzip-limit";
import { LineSplitter, LineTooLongError, type TLine } from "./lines";
import { completeImportAction, rejectImportAction } from "./finish-import";
import { STAGING, stagingChecks } from "./staging";
import type { TImportKind, TRowError } from "./types";

export type TImportToRun = {
  id: string;
  caseId: string;
  kind: TImportKind;
  sha256: string;
  fileName: string;
  sizeBytes: bigint;
  via: string;
  createdById: string;
  createdAt: Date;
};
export type TProgress = { rowsDone: number; bytesDone: number };
export type TImportOutcome =
  | { ok: true; rows: number; result: Record<string, number> }
  | { ok: false; rows: number; errors: TRowError[]; errorCount: number };

/** The run: which job this is, and who holds it. */
export type TImportRun = { job: { id: string; workerId: string }; signal?: AbortSignal; onProgress?: (p: TProgress) => void; log?: (m: string) => void };

const KEEP_ERRORS = 1000;
const FLUSH_CHARS = 256 * 1024;

function accountCopyLine(r: TAccountRow) {
  return copyLine([r.line, r.externalId, r.createdAt, r.email, r.displayName, r.country, r.signupIp, r.asn, r.paymentFingerprint, r.userAgent, r.organizationId, r.status, r.cluster, JSON.stringify(r.attributes)]);
}

function exchangeCopyLine(r: TExchangeRow, accountId: string | null) {
  return copyLine([
    r.line, r.externalId, accountId, r.ts, r.model, r.promptTokens, r.completionTokens, r.prompt, r.response, r.promptSha256,
    r.requestIp, r.userAgent, r.metadata === null ? null : JSON.stringify(r.metadata), r.attributes === null ? null : JSON.stringify(r.attributes),
  ]);
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

export async function runImport(job: TImportToRun, run: TImportRun): Promise<TImportOutcome> {
  const onProgress = run.onProgress ?? (() => {});
  const client = new pg.Client({ connectionString: databaseUrl(), application_name: `casebook-import-${job.id}` });
  await client.connect();
  const q = (sql: string, params?: unknown[]) => client.query(sql, params);
  const clock = phaseClock();
  try {
    await q(STAGING[job.kind].create);
    const { rows, errors, errorCount, fileError, gzipped } = await streamIntoStaging(client, job, run, onProgress);
    clock.lap("read, validated and staged");

    if (run.signal?.aborted) throw new JobCancelledError();
    // The worker acts for the person who submitted the file: the audit log names both.
    const submitter = (await q(`SELECT id, email, name, role, disabled FROM app_user WHERE id = $1`, [job.createdById])).rows[0] as TPerson;
    const actor = workerActor(run.job.workerId, submitter);
    const about = { importId: job.id, caseId: job.caseId, kind: job.kind, fileName: job.fileName, sha256: job.sha256, rows, job: run.job };
    const reject = async (errs: TRowError[], count: number): Promise<TImportOutcome> => {
      settled(await runBulkAction(client, rejectImportAction, actor, { ...about, errors: errs.slice(0, KEEP_ERRORS), errorCount: count }));
      return { ok: false, rows, errors: errs.slice(0, KEEP_ERRORS), errorCount: count };
    };

    if (fileError) {
      const line = /^line (\d+)/.exec(fileError)?.[1];
      return await reject([{ line: line ? Number(line) : 0, message: fileError }, ...errors], errorCount + 1);
    }
    await q("ANALYZE stg");
    const found = await stagingChecks(q, job.kind, job.caseId);
    clock.lap("checked against the case");
    if (errorCount + found.count > 0) return await reject([...errors, ...found.errors].sort((a, b) => a.line - b.line), errorCount + found.count);

    const done = settled(
      await runBulkAction(client, completeImportAction, actor, {
        ...about,
        sizeBytes: job.sizeBytes.toString(),
        via: job.via,
        createdById: job.createdById,
        createdAt: job.createdAt,
        gzipped,
      }),
    );
    clock.lap("moved into place with rollups, evidence and audit");
    run.log?.(`import ${job.id}: ${rows.toLocaleString("en")} rows (${job.kind}) in ${clock.summary(rows)}`);
    const { evidenceItemId: _evidence, ...result } = done;
    return { ok: true, rows, result };
  } finally {
    await client.end().catch(() => {});
  }
}

/** Streams the stored file through the parser and validator into the staging table with COPY.
 *  A file-level problem (bad encoding, syntax, too many rows, nothing in it) ends the stream and is
 *  returned as fileError; row problems are counted, the first KEEP_ERRORS kept. */
async function streamIntoStaging(client: pg.Client, job: TImportToRun, run: TImportRun, onProgress: (p: TProgress) => void) {
  const accounts = job.kind === "exchanges" ? await loadAccountIds(client, job.caseId) : null;
  const copy = client.query(copyFrom(STAGING[job.kind].copy));
  const copyDone = new Promise<void>((resolve, reject) => {
    copy.on("finish", resolve);
    copy.on("error", reject);
  });
  copyDone.catch(() => {}); // awaited below; a cancelled run closes the connection under it

  const errors: TRowError[] = [];
  let errorCount = 0;
  let rows = 0;
  let bytes = 0;
  const decoded: { gzipped?: boolean } = {};
  let buf = "";
  const maxRows = env().CASEBOOK_MAX_IMPORT_ROWS;
  const maxInflated = gunzipLimit(Number(job.sizeBytes), { maxBytes: env().CASEBOOK_MAX_DECOMPRESSED_BYTES, ratio: env().CASEBOOK_MAX_GZIP_RATIO });
  const addErrors = (es: TRowError[]) => {
    errorCount += es.length;
    for (const e of es) if (errors.length < KEEP_ERRORS) errors.push(e);
  };
  const flush = async () => {
    if (!buf) return;
    const ok = copy.write(buf);
    buf = "";
    if (!ok) await new Promise((r) => copy.once("drain", r));
  };

  let header: TAccountHeader | null = null;
  const csv = new CsvParser();
  const lines = new LineSplitter();
  const records: TCsvRecord[] = [];
  const jsonLines: TLine[] = [];
  const handleBatch = () => {
    if (job.kind === "accounts") {
      for (const rec of records) {
        if (!header) {
          const h = readAccountHeader(rec.fields, rec.line);
          if (!h.ok) throw new IngestFileError(h.errors.map((e) => e.message).join("; "));
          header = h.header;
          continue;
        }
        rows++;
        const v = validateAccountRecord(header, rec.line, rec.fields);
        if (v.ok) buf += accountCopyLine(v.row);
        else addErrors(v.errors);
      }
      records.length = 0;
    } else {
      for (const l of jsonLines) {
        const v = validateExchangeLine(l.line, l.text);
        if (v.ok === "blank") continue;
        rows++;
        if (!v.ok) {
          addErrors(v.errors);
          continue;
        }
        const accountId = accounts!.idOf(v.row.accountExternalId);
        // Staged even so: a line whose id is also repeated gets both errors, as before.
        if (accountId === null) addErrors([unknownAccount(l.line, v.row.accountExternalId)]);
        buf += exchangeCopyLine(v.row, accountId);
      }
      jsonLines.length = 0;
    }
    if (rows > maxRows) throw new IngestFileError(`the file has more than ${maxRows.toLocaleString("en")} rows, the limit (CASEBOOK_MAX_IMPORT_ROWS)`);
  };

  let fileError: string | null = null;
  try {
    for await (const text of decodeText(blobStore().read(job.sha256), { onRawBytes: (n) => (bytes += n), info: decoded, gunzipLimit: maxInflated })) {
      if (run.signal?.aborted) throw new JobCancelledError();
      if (job.kind === "accounts") csv.push(text, records);
      else lines.push(text, jsonLines);
      handleBatch();
      if (buf.length >= FLUSH_CHARS) await flush();
      onProgress({ rowsDone: rows, bytesDone: bytes });
    }
    if (job.kind === "accounts") csv.end(records);
    else lines.end(jsonLines);
    handleBatch();
    await flush();
    if (job.kind === "accounts" && !header) throw new IngestFileError("the file is empty: expected a header row and accounts");
    // A file that holds nothing would otherwise "succeed" as an evidence item of no rows.
    if (rows === 0) throw new IngestFileError(job.kind === "accounts" ? "the file has a header but no rows" : "the file has no records");
  } catch (e) {
    if (e instanceof IngestFileError || e instanceof CsvSyntaxError || e instanceof LineTooLongError) fileError = e.message;
    else throw e;
  }
  copy.end();
  await copyDone;
  onProgress({ rowsDone: rows, bytesDone: bytes });
  return { rows, errors, errorCount, fileError, gzipped: decoded.gzipped === true };
}
