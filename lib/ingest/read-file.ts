// Reads a stored import file once, start to end: decoded (gzip or not, within the bomb limits),
// cut into records, each validated, and every valid one COPYed to the database. Accounts (CSV)
// are parsed here; exchanges (JSONL) go out in blocks of whole lines to parser threads
// (lib/ingest/parse-pool.ts) and come back as COPY text in the file's order. A file-level problem
// (bad encoding, syntax, too many rows, nothing in it) ends the read and is returned as fileError;
// row problems are counted, the first KEEP_ERRORS kept.
import type pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import { env } from "../env";
import { JobCancelledError } from "../jobs/handler";
import { BlobIntegrityError } from "../storage/blob-store";
import { blobStore } from "../storage/store";
import { readAccountHeader, validateAccountRecord, type TAccountHeader, type TAccountRow } from "./accounts-format";
import { loadAccountIds } from "./account-ids";
import { CsvParser, CsvSyntaxError, type TCsvRecord } from "./csv";
import { decodeBytes, decodeText, IngestFileError } from "./decode";
import type { TBlockResult, TBlockTarget } from "./exchange-block";
import { validateExchangeLine } from "./exchanges-format";
import { gunzipLimit } from "./gunzip-limit";
import { LineSplitter, LineTooLongError, type TLine } from "./lines";
import { defaultParseThreads, ParsePool } from "./parse-pool";
import type { RollupTally } from "./rollup-tally";
import { KEEP_ERRORS, type TImportKind, type TRowError } from "./types";

const FLUSH_CHARS = 256 * 1024;
/** Bytes a block of exchange lines holds at least (its last line finishes it): a few thousand lines. */
const BLOCK_BYTES = 1 << 20;
const MAX_LINE_CHARS = 16 * 1024 * 1024;

export type TStoredFile = { id: string; caseId: string; kind: TImportKind; sha256: string; sizeBytes: bigint };
export type TProgress = { rowsDone: number; bytesDone: number; phase?: string };

/** Where the rows go: a COPY statement, and how each kind becomes its COPY text. */
export type TSink = { copy: string; account?: (r: TAccountRow) => string; exchanges?: { mode: TBlockTarget["mode"]; tally?: RollupTally } };

export type TFileRead = { rows: number; errors: TRowError[]; errorCount: number; fileError: string | null; gzipped: boolean };
type TReadOpts = { signal?: AbortSignal; onProgress: (p: TProgress) => void };

/** How far a gzipped file may inflate: the gzip bomb's limit. */
function inflateLimit(job: TStoredFile) {
  return gunzipLimit(Number(job.sizeBytes), { maxBytes: env().CASEBOOK_MAX_DECOMPRESSED_BYTES, ratio: env().CASEBOOK_MAX_GZIP_RATIO });
}

/** The stored file, checked against its SHA-256 as it is read (an import job keeps no key of its own: in every store the key is the SHA-256). */
function stored(job: TStoredFile) {
  return blobStore().read(job.sha256, { why: "import" });
}

/** The decoded text of the stored file, in chunks, counting the raw bytes read. */
function decoded(job: TStoredFile, info: { gzipped?: boolean }, onRawBytes: (n: number) => void) {
  return decodeText(stored(job), { onRawBytes, info, gunzipLimit: inflateLimit(job) });
}

/** What both readers share: the COPY stream, the buffered text, the rows and errors counted. */
function copyState(client: pg.Client, sql: string) {
  const copy = client.query(copyFrom(sql));
  const done = new Promise<void>((resolve, reject) => {
    copy.on("finish", resolve);
    copy.on("error", reject);
  });
  done.catch(() => {}); // awaited at the end; a cancelled run closes the connection under it
  const st = {
    rows: 0,
    bytes: 0,
    errors: [] as TRowError[],
    errorCount: 0,
    buf: "",
    addErrors(es: TRowError[], count = es.length) {
      st.errorCount += count;
      for (const e of es) if (st.errors.length < KEEP_ERRORS) st.errors.push(e);
    },
    /** Bytes straight to the COPY, after any text buffered before them. */
    async write(bytes: Uint8Array) {
      await st.flush(true);
      if (bytes.length && !copy.write(bytes)) await new Promise((r) => copy.once("drain", r));
    },
    async flush(force = false) {
      if (!st.buf || (!force && st.buf.length < FLUSH_CHARS)) return;
      const ok = copy.write(st.buf);
      st.buf = "";
      if (!ok) await new Promise((r) => copy.once("drain", r));
    },
    checkRows() {
      const maxRows = env().CASEBOOK_MAX_IMPORT_ROWS;
      if (st.rows > maxRows) throw new IngestFileError(`the file has more than ${maxRows.toLocaleString("en")} rows, the limit (CASEBOOK_MAX_IMPORT_ROWS)`);
    },
    async end() {
      copy.end();
      await done;
    },
    /** Fails the COPY (the server discards what it received), and waits until the connection is free again. */
    async abort(why: Error) {
      copy.destroy(why);
      await done.catch(() => {});
    },
  };
  return st;
}

export async function readIntoCopy(client: pg.Client, job: TStoredFile, sink: TSink, opts: TReadOpts): Promise<TFileRead> {
  // Before the COPY begins: the connection answers nothing else until it ends.
  const accounts = job.kind === "exchanges" ? await loadAccountIds(client, job.caseId) : null;
  const st = copyState(client, sink.copy);
  const info: { gzipped?: boolean } = {};
  let fileError: string | null = null;
  try {
    if (job.kind === "accounts") await readAccounts(job, sink, st, info, opts);
    else await readExchanges(job, accounts!, sink, st, info, opts);
    // A file that holds nothing would otherwise "succeed" as an evidence item of no rows.
    if (st.rows === 0) throw new IngestFileError(job.kind === "accounts" ? "the file has a header but no rows" : "the file has no records");
  } catch (e) {
    // A stored copy that fails its SHA-256 check is the file's problem too: rejected, with why (and audited by the store).
    if (e instanceof IngestFileError || e instanceof CsvSyntaxError || e instanceof LineTooLongError || e instanceof BlobIntegrityError) fileError = e.message;
    else {
      // The COPY must end before the connection can do anything else (the caller's ROLLBACK).
      await st.abort(e as Error);
      throw e;
    }
  }
  await st.end();
  opts.onProgress({ rowsDone: st.rows, bytesDone: st.bytes });
  return { rows: st.rows, errors: st.errors, errorCount: st.errorCount, fileError, gzipped: info.gzipped === true };
}

type TState = ReturnType<typeof copyState>;

async function readAccounts(job: TStoredFile, sink: TSink, st: TState, info: { gzipped?: boolean }, opts: TReadOpts) {
  let header: TAccountHeader | null = null;
  const csv = new CsvParser();
  const records: TCsvRecord[] = [];
  const handleBatch = () => {
    for (const rec of records) {
      if (!header) {
        const h = readAccountHeader(rec.fields, rec.line);
        if (!h.ok) throw new IngestFileError(h.errors.map((e) => e.message).join("; "));
        header = h.header;
        continue;
      }
      st.rows++;
      const v = validateAccountRecord(header, rec.line, rec.fields);
      if (v.ok) st.buf += sink.account!(v.row);
      else st.addErrors(v.errors);
    }
    records.length = 0;
    st.checkRows();
  };
  for await (const text of decoded(job, info, (n) => (st.bytes += n))) {
    if (opts.signal?.aborted) throw new JobCancelledError();
    csv.push(text, records);
    handleBatch();
    await st.flush();
    opts.onProgress({ rowsDone: st.rows, bytesDone: st.bytes });
  }
  csv.end(records);
  handleBatch();
  await st.flush(true);
  if (!header) throw new IngestFileError("the file is empty: expected a header row and accounts");
}

/**
 * Exchanges: the file's bytes cut at line breaks into blocks (a \n byte is never inside a UTF-8
 * character), out to the parser threads, their COPY text back in the file's order.
 */
async function readExchanges(job: TStoredFile, accounts: ReadonlyMap<string, string>, sink: TSink, st: TState, info: { gzipped?: boolean }, opts: TReadOpts) {
  const ex = sink.exchanges!;
  const pool = new ParsePool({ mode: ex.mode, caseId: job.caseId, importId: job.id }, accounts, env().CASEBOOK_IMPORT_THREADS ?? defaultParseThreads());
  const out: Promise<TBlockResult>[] = [];
  const take = async () => {
    const r = await out.shift()!;
    if (r.fileError) throw new IngestFileError(r.fileError);
    st.rows += r.rows;
    st.addErrors(r.errors, r.errorCount);
    st.checkRows();
    await st.write(r.copy);
  };
  let parts: Uint8Array[] = [];
  let size = 0;
  let line = 1; // the first line of the next block
  let offset = 0; // its first byte in the (decompressed) file
  const send = (bytes: Uint8Array) => {
    const block = { bytes, byteOffset: offset, firstLine: line, gzipped: info.gzipped === true };
    offset += bytes.length;
    line += countLines(bytes);
    out.push(pool.parse(block)); // the bytes move to a thread: counted first
  };
  try {
    for await (const chunk of decodeBytes(stored(job), { onRawBytes: (n) => (st.bytes += n), info, gunzipLimit: inflateLimit(job) })) {
      if (opts.signal?.aborted) throw new JobCancelledError();
      parts.push(chunk);
      size += chunk.length;
      if (size < BLOCK_BYTES) continue;
      const joined = Buffer.concat(parts, size);
      const cut = joined.lastIndexOf(10) + 1;
      if (cut === 0 && size > MAX_LINE_CHARS) throw tooLong(line);
      if (cut > 0) send(owned(joined.subarray(0, cut)));
      parts = cut < size ? [owned(joined.subarray(cut))] : [];
      size -= cut;
      while (out.length >= pool.depth) await take();
      opts.onProgress({ rowsDone: st.rows, bytesDone: st.bytes });
    }
    if (size > 0) send(owned(Buffer.concat(parts, size)));
    while (out.length) await take();
    if (ex.tally) for (const t of await pool.tallies()) ex.tally.absorb(t);
  } finally {
    for (const p of out) p.catch(() => {});
    await pool.close();
  }
}

/** A copy in memory of its own, so that it can move to a thread whole (a Buffer's slice is a view,
 *  often of a pool other Buffers share). */
function owned(bytes: Uint8Array): Uint8Array {
  return new Uint8Array(bytes);
}

function tooLong(line: number) {
  return new LineTooLongError(`line ${line}: longer than ${Math.round(MAX_LINE_CHARS / 1048576)} MB without a line break; is this really one JSON object a line?`);
}

function countLines(bytes: Uint8Array): number {
  let n = 0;
  for (let i = bytes.indexOf(10); i !== -1; i = bytes.indexOf(10, i + 1)) n++;
  return n;
}

/**
 * The lines of an exchanges file that carry the given exchange ids, read again: the database
 * found the ids repeated (a unique index would not build) but keeps no line numbers.
 */
export async function linesOfExchangeIds(job: TStoredFile, ids: Iterable<string>, signal?: AbortSignal): Promise<Map<string, number[]>> {
  const found = new Map<string, number[]>();
  for (const id of ids) found.set(id, []);
  const lines = new LineSplitter(MAX_LINE_CHARS);
  const batch: TLine[] = [];
  const scan = () => {
    for (const l of batch) {
      const v = validateExchangeLine(l.line, l.text);
      if (v.ok === true) found.get(v.row.externalId)?.push(l.line);
    }
    batch.length = 0;
  };
  for await (const text of decoded(job, {}, () => {})) {
    if (signal?.aborted) throw new JobCancelledError();
    lines.push(text, batch);
    scan();
  }
  lines.end(batch);
  scan();
  return found;
}
