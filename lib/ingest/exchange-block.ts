// One block of an exchanges file: whole lines, from a known line number, parsed, validated and
// turned into COPY text, each exchange's account resolved, and (for a fresh partition) counted for
// the rollups. A parser thread runs it (lib/ingest/parse-pool.ts), or the importer itself. Pure.
import { unknownAccount } from "./account-ids";
import { copyLine } from "./copy-text";
import { notUtf8 } from "./decode";
import { validateExchangeLine, type TExchangeRow } from "./exchanges-format";
import type { RollupTally } from "./rollup-tally";
import { KEEP_ERRORS as KEEP, type TRowError } from "./types";

/** Where the rows go: the staging table (with line numbers, for the database's checks), or a case's fresh partition. */
export type TBlockTarget = { mode: "staged" | "fresh"; caseId: string; importId: string };
/** A block of the file: whole lines of its bytes (but for the last block, whose last line may have
 *  no break), where they start in the file, and the number of the first line. */
export type TBlock = { bytes: Uint8Array; byteOffset: number; firstLine: number; gzipped: boolean };
/** The block's rows as COPY text (UTF-8 bytes), or the file-level fault it holds. */
export type TBlockResult = { copy: Uint8Array; rows: number; errors: TRowError[]; errorCount: number; fileError: string | null };


function stagedLine(r: TExchangeRow, accountId: string | null) {
  return copyLine([
    r.line, r.externalId, accountId, r.ts, r.model, r.promptTokens, r.completionTokens, r.prompt, r.response, r.promptSha256,
    r.requestIp, r.userAgent, r.metadata === null ? null : JSON.stringify(r.metadata), r.attributes === null ? null : JSON.stringify(r.attributes),
  ]);
}

/** The columns of freshLine, in order (lib/ingest/partition.ts COPYs them). */
export const FRESH_COLUMNS = ["caseId", "accountId", "externalId", "ts", "model", "promptTokens", "completionTokens", "prompt", "response", "promptSha256", "requestIp", "userAgent", "metadata", "isSample", "importId", "attributes"];

function freshLine(r: TExchangeRow, t: TBlockTarget, accountId: string) {
  return copyLine([
    t.caseId, accountId, r.externalId, r.ts, r.model, r.promptTokens, r.completionTokens, r.prompt, r.response, r.promptSha256, r.requestIp, r.userAgent,
    r.metadata === null ? null : JSON.stringify(r.metadata), r.prompt !== null || r.response !== null, t.importId, r.attributes === null ? null : JSON.stringify(r.attributes),
  ]);
}

const encoder = new TextEncoder();

/**
 * Parses a block: strict UTF-8 (a BOM dropped only at the file's start), then line by line. For a
 * fresh partition, its rows are counted into `tally` (the thread's own, summed up at the end:
 * one summary a thread, not one a block, keeps the importer's thread free).
 */
export function parseExchangeBlock(target: TBlockTarget, accounts: ReadonlyMap<string, string>, block: TBlock, tally: RollupTally | null): TBlockResult {
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: block.byteOffset !== 0 }).decode(block.bytes);
  } catch {
    return { copy: new Uint8Array(0), rows: 0, errors: [], errorCount: 0, fileError: notUtf8(block.byteOffset, block.bytes.length, block.gzipped).message };
  }
  const r = parseExchangeLines(target, accounts, text, block.firstLine, tally);
  return { ...r, copy: encoder.encode(r.copy), fileError: null };
}

/** Blank lines are skipped and not counted as rows. */
export function parseExchangeLines(target: TBlockTarget, accounts: ReadonlyMap<string, string>, text: string, firstLine: number, tally: RollupTally | null) {
  const errors: TRowError[] = [];
  let errorCount = 0;
  let rows = 0;
  let copy = "";
  let line = firstLine - 1;
  let start = 0;
  while (start < text.length) {
    let nl = text.indexOf("\n", start);
    if (nl === -1) nl = text.length;
    line++;
    const raw = nl > start && text.charCodeAt(nl - 1) === 13 ? text.slice(start, nl - 1) : text.slice(start, nl);
    start = nl + 1;
    const v = validateExchangeLine(line, raw);
    if (v.ok === "blank") continue;
    rows++;
    if (!v.ok) {
      errorCount += v.errors.length;
      for (const e of v.errors) if (errors.length < KEEP) errors.push(e);
      continue;
    }
    const r = v.row;
    const accountId = accounts.get(r.accountExternalId) ?? null;
    if (accountId === null) {
      // Loaded even so: a line whose id is also repeated gets both errors.
      errorCount++;
      if (errors.length < KEEP) errors.push(unknownAccount(line, r.accountExternalId));
    }
    if (target.mode === "staged") copy += stagedLine(r, accountId);
    else {
      if (accountId !== null && tally) {
        tally.add({ accountId, ts: r.ts, model: r.model, isSample: r.prompt !== null || r.response !== null, promptTokens: r.promptTokens, completionTokens: r.completionTokens });
      }
      // An unknown account's line, already an error, goes in as account 0: its id still counts for repeats.
      copy += freshLine(r, target, accountId ?? "0");
    }
  }
  return { copy, rows, errors, errorCount };
}
