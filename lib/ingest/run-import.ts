// Runs one import job end to end on one connection: stream the stored file through the parser
// and validator into a temporary staging table with COPY, let the database find what only it can
// (duplicates, unknown accounts), then either reject the file whole or move every row into place
// in one transaction, together with the evidence item, its custody, the job's result and the audit
// event. A crash or kill at any moment leaves the whole file or nothing.
import pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import { appendAuditEventPg } from "../audit/append";
import { databaseUrl, env } from "../env";
import { blobStore } from "../storage/blob-store";
import { readAccountHeader, validateAccountRecord, type TAccountHeader, type TAccountRow } from "./accounts-format";
import { copyLine } from "./copy-text";
import { CsvParser, CsvSyntaxError, type TCsvRecord } from "./csv";
import { decodeText, IngestFileError } from "./decode";
import { validateExchangeLine, type TExchangeRow } from "./exchanges-format";
import { gunzipLimit } from "./gunzip-limit";
import { LineSplitter, LineTooLongError, type TLine } from "./lines";
import { moveAccounts, moveExchanges, STAGING, stagingChecks } from "./staging";
import type { TImportKind, TRowError } from "./types";

export type TJobToRun = {
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

const KEEP_ERRORS = 1000;
const FLUSH_CHARS = 256 * 1024;

function mediaTypeOf(name: string, kind: TImportKind, gz: boolean) {
  const base = kind === "accounts" ? "text/csv" : "application/x-ndjson";
  return gz || /\.gz$/i.test(name) ? `${base}+gzip` : base;
}

function accountCopyLine(r: TAccountRow) {
  return copyLine([r.line, r.externalId, r.createdAt, r.email, r.displayName, r.country, r.signupIp, r.asn, r.paymentFingerprint, r.userAgent, r.organizationId, r.status, r.cluster, JSON.stringify(r.attributes)]);
}

function exchangeCopyLine(r: TExchangeRow) {
  return copyLine([
    r.line, r.externalId, r.accountExternalId, r.ts, r.model, r.promptTokens, r.completionTokens, r.prompt, r.response, r.promptSha256,
    r.requestIp, r.userAgent, r.metadata === null ? null : JSON.stringify(r.metadata), r.attributes === null ? null : JSON.stringify(r.attributes),
  ]);
}

export async function runImport(job: TJobToRun, onProgress: (p: TProgress) => void = () => {}): Promise<TImportOutcome> {
  const client = new pg.Client({ connectionString: databaseUrl(), application_name: `casebook-import-${job.id}` });
  await client.connect();
  const q = (sql: string, params?: unknown[]) => client.query(sql, params);
  try {
    await q(STAGING[job.kind].create);
    const copy = client.query(copyFrom(STAGING[job.kind].copy));
    const copyDone = new Promise<void>((resolve, reject) => {
      copy.on("finish", resolve);
      copy.on("error", reject);
    });

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
          if (v.ok) buf += exchangeCopyLine(v.row);
          else addErrors(v.errors);
        }
        jsonLines.length = 0;
      }
      if (rows > maxRows) throw new IngestFileError(`the file has more than ${maxRows.toLocaleString("en")} rows, the limit (CASEBOOK_MAX_IMPORT_ROWS)`);
    };

    let fileError: string | null = null;
    try {
      for await (const text of decodeText(blobStore().read(job.sha256), { onRawBytes: (n) => (bytes += n), info: decoded, gunzipLimit: maxInflated })) {
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

    if (fileError) {
      const line = /^line (\d+)/.exec(fileError)?.[1];
      return await finishFailed(q, job, rows, [{ line: line ? Number(line) : 0, message: fileError }, ...errors].slice(0, KEEP_ERRORS), errorCount + 1);
    }
    await q("ANALYZE stg");
    const db = await stagingChecks(q, job.kind, job.caseId);
    if (errorCount + db.count > 0) {
      const all = [...errors, ...db.errors].sort((a, b) => a.line - b.line).slice(0, KEEP_ERRORS);
      return await finishFailed(q, job, rows, all, errorCount + db.count);
    }

    await q("BEGIN");
    try {
      const moved =
        job.kind === "accounts"
          ? { accounts: rows, ...(await moveAccounts(q, job.caseId, job.id)) }
          : await moveExchanges(q, job.caseId, job.id);
      const ev = await q(
        `INSERT INTO evidence_item (id, "caseId", kind, "originalName", "mediaType", "sizeBytes", sha256, "storageKey", source, description, "acquiredById", "acquiredAt")
         VALUES (gen_random_uuid()::text, $1, 'import_file', $2, $3, $4, $5, $5, $6, $7, $8, $9)
         ON CONFLICT ("caseId", sha256) DO UPDATE SET "originalName" = evidence_item."originalName" RETURNING id`,
        [job.caseId, job.fileName, mediaTypeOf(job.fileName, job.kind, decoded.gzipped === true), job.sizeBytes.toString(), job.sha256, job.via, `${job.kind} import, ${rows.toLocaleString("en")} rows`, job.createdById, job.createdAt.toISOString()],
      );
      const evidenceId = ev.rows[0].id as string;
      await q(
        `INSERT INTO custody_event (id, "evidenceItemId", at, "actorId", action, note, sha256) VALUES
           (gen_random_uuid()::text, $1, $2, $3, 'received', $4, $5),
           (gen_random_uuid()::text, $1, now(), $3, 'imported', $6, $5)`,
        [evidenceId, job.createdAt.toISOString(), job.createdById, `uploaded via ${job.via} as ${job.fileName}`, job.sha256, `${rows} rows loaded by import ${job.id}`],
      );
      await q(
        `UPDATE import_job SET status = 'succeeded', "rowsTotal" = $2, "rowsDone" = $2, "bytesDone" = "sizeBytes", "errorCount" = 0, errors = '[]',
            result = $3, "evidenceItemId" = $4, "finishedAt" = now(), "heartbeatAt" = now() WHERE id = $1`,
        [job.id, rows, JSON.stringify(moved), evidenceId],
      );
      await appendAuditEventPg(client, {
        actorId: job.createdById,
        actorLabel: await actorLabel(q, job.createdById),
        action: "import.succeeded",
        caseId: job.caseId,
        entityType: "import_job",
        entityId: job.id,
        data: { kind: job.kind, fileName: job.fileName, sha256: job.sha256, rows, ...moved, evidenceItemId: evidenceId },
      });
      await q("COMMIT");
      return { ok: true, rows, result: moved };
    } catch (e) {
      await q("ROLLBACK").catch(() => {});
      throw e;
    }
  } finally {
    await client.end().catch(() => {});
  }
}

async function actorLabel(q: (sql: string, p?: unknown[]) => Promise<{ rows: Record<string, unknown>[] }>, userId: string) {
  const r = await q(`SELECT name, email FROM app_user WHERE id = $1`, [userId]);
  return r.rows[0] ? `${r.rows[0].name} <${r.rows[0].email}> (import worker)` : "import worker";
}

async function finishFailed(
  q: (sql: string, p?: unknown[]) => Promise<{ rows: Record<string, unknown>[] }>,
  job: TJobToRun,
  rows: number,
  errors: TRowError[],
  errorCount: number,
): Promise<TImportOutcome> {
  await q("BEGIN");
  await q(
    `UPDATE import_job SET status = 'failed', "rowsTotal" = $2, "rowsDone" = $2, "errorCount" = $3, errors = $4, "finishedAt" = now(), "heartbeatAt" = now() WHERE id = $1`,
    [job.id, rows, errorCount, JSON.stringify(errors)],
  );
  await appendAuditEventPg({ query: q }, {
    actorId: job.createdById,
    actorLabel: await actorLabel(q, job.createdById),
    action: "import.rejected",
    caseId: job.caseId,
    entityType: "import_job",
    entityId: job.id,
    data: { kind: job.kind, fileName: job.fileName, sha256: job.sha256, rows, errorCount, firstError: errors[0]?.message },
  });
  await q("COMMIT");
  return { ok: false, rows, errors, errorCount };
}
