// Files that must be refused whole even though no row of them is wrong: files with nothing in
// them, and gzip bombs. Each is rejected with its own message, and the case is left as it was.
import { readFileSync } from "node:fs";
import path from "node:path";
import { Readable } from "node:stream";
import { gzipSync } from "node:zlib";
import { describe, expect, it, vi } from "vitest";
import { GET as getImportRoute } from "../app/api/v1/imports/[importId]/route";
import { db } from "../lib/db";
import { gunzipLimit, gunzipLimitMessage } from "../lib/ingest/gunzip-limit";
import { blobStore } from "../lib/storage/store";
import { caseWithToken, drain, upload } from "./import-client";

const counts = async (caseId: string) => ({
  accounts: await db().account.count({ where: { caseId } }),
  exchanges: await db().exchange.count({ where: { caseId } }),
  evidence: await db().evidenceItem.count({ where: { caseId } }),
  clusters: await db().cluster.count({ where: { caseId } }),
});

/** A case that already holds the contract's sample accounts, so "unchanged" is not just "empty". */
async function caseWithAccounts() {
  const { c, token } = await caseWithToken();
  await upload(c.id, token, "accounts", readFileSync(path.resolve("e2e/fixtures/accounts.sample.csv")), "accounts.sample.csv");
  await drain();
  const before = await counts(c.id);
  expect(before).toEqual({ accounts: 8, exchanges: 0, evidence: 1, clusters: 2 });
  return { c, token, before };
}

/** Uploads a file, runs the queue, checks the file was rejected whole with `message`; returns how many bytes of the stored file the worker read. */
const PIECE = 64 * 1024;

async function expectRefused(kind: "accounts" | "exchanges", body: Uint8Array | string, fileName: string, message: string) {
  const { c, token, before } = await caseWithAccounts();
  const res = await upload(c.id, token, kind, body, fileName);
  expect(res.status).toBe(202);
  const { id, sha256 } = await res.json();
  // Count what the import takes of the stored file. The store reads 1 MiB at a time, the size of
  // the whole bomb; handed on in 64 KiB pieces, only as the import asks for them, the count says how
  // far into the file the import went before it stopped.
  const store = blobStore();
  const read = store.read.bind(store);
  let bytesRead = 0;
  const spy = vi.spyOn(store, "read").mockImplementation((digest: string) =>
    Readable.from(
      (async function* () {
        for await (const chunk of read(digest) as AsyncIterable<Buffer>) {
          for (let i = 0; i < chunk.length; i += PIECE) {
            const piece = chunk.subarray(i, i + PIECE);
            if (digest === sha256) bytesRead += piece.length;
            yield piece;
          }
        }
      })(),
      { objectMode: false, highWaterMark: 1 },
    ),
  );
  try {
    await drain();
  } finally {
    spy.mockRestore();
  }
  const job = await (await getImportRoute(new Request("http://x", { headers: { authorization: `Bearer ${token}` } }), { params: Promise.resolve({ importId: id }) })).json();
  expect(job).toMatchObject({ status: "failed", errorCount: 1, evidenceItemId: null, errors: [{ line: 0, message }] });
  const rejected = await db().auditEvent.findFirstOrThrow({ where: { entityId: id, action: "import.rejected" } });
  expect(rejected.data).toMatchObject({ errorCount: 1, firstError: message });
  expect(await counts(c.id)).toEqual(before);
  expect(bytesRead, "the import read the file").toBeGreaterThan(0);
  return bytesRead;
}

describe("imports of files with nothing in them", () => {
  it("refuses an accounts CSV with a header and no rows", async () => {
    await expectRefused("accounts", "account_id,created_at,cluster\n", "header-only.csv", "the file has a header but no rows");
  });

  it("refuses an accounts CSV whose header is followed only by blank lines", async () => {
    await expectRefused("accounts", "account_id,created_at\r\n\r\n\n\n", "header-blank-lines.csv", "the file has a header but no rows");
  });

  it("refuses an exchanges JSONL holding only blank lines", async () => {
    await expectRefused("exchanges", "\n\n   \n\t\r\n\n", "blank-lines.jsonl", "the file has no records");
  });
});

describe("imports of gzip bombs", () => {
  it("stops a gzip bomb at the limit, having read a small part of it", async () => {
    // About 1 MB that expands to 1 GiB of line breaks: one compressed MiB, repeated (a gzip file
    // may hold many members one after another).
    const bomb = Buffer.concat(Array<Buffer>(1024).fill(gzipSync(Buffer.alloc(1024 ** 2, "\n"))));
    // The defaults: 100× the compressed size, under a 64 GiB ceiling.
    const limit = gunzipLimit(bomb.length, { maxBytes: 64 * 1024 ** 3, ratio: 100 });
    expect(limit).toMatchObject({ by: "ratio", bytes: 100 * bomb.length });
    const message = gunzipLimitMessage(limit);
    expect(message).toMatch(/^the file expands past 103 MiB when decompressed \(100× its 1\.0 MiB compressed size, CASEBOOK_MAX_GZIP_RATIO\); this looks like a decompression bomb/);
    const bytesRead = await expectRefused("exchanges", bomb, "bomb.jsonl.gz", message);
    // Stopped at the limit, not after inflating it all: what it takes to inflate 103 MiB (gzip's best
    // ratio is about 1000:1, so about 105 KB) plus a few pieces of read-ahead, a part of the 1 MB file.
    expect(bytesRead).toBeLessThan(100 * 1024 + 4 * PIECE);
  });
});
