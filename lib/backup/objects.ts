// Evidence in an object store (CASEBOOK_S3_BUCKET): a backup file cannot hold a bucket of 32 GB
// files, and the bucket has its own protection (versioning, replication, Object Lock). So a backup
// records where the files are and lists every file its rows use, with its size, taken in the same
// snapshot as the rows; a restore checks each one is in the store it restores into, with that size,
// before it commits. The bytes themselves are checked against their SHA-256 on every read.
import type pg from "pg";
import { z } from "zod";
import { AppError } from "../errors";
import { assertKey, type TBlobStore } from "../storage/blob-store";
import { inTurns } from "../storage/in-turns";

export type TStoredObject = { key: string; size: number };

/** Every stored file the database's rows use: evidence items, built packages, and imports (their files, kept or rejected). */
export async function objectsInUse(client: pg.ClientBase): Promise<TStoredObject[]> {
  const { rows } = await client.query<{ key: string; size: string }>(
    `SELECT key, max(size)::text AS size FROM (
       SELECT "storageKey" AS key, "sizeBytes" AS size FROM evidence_item
       UNION ALL SELECT "storageKey", "sizeBytes" FROM export_package WHERE "storageKey" IS NOT NULL
       UNION ALL SELECT sha256, "sizeBytes" FROM import_job
     ) used GROUP BY key ORDER BY key`,
  );
  return rows.map((r) => ({ key: r.key, size: Number(r.size) }));
}

const ZObject = z.object({ key: z.string().regex(/^[0-9a-f]{64}$/), size: z.number().int().min(0) });

/** The list as the backup member holds it: one JSON object a line. */
export function formatObjects(objects: readonly TStoredObject[]): Buffer {
  return Buffer.from(objects.map((o) => `${JSON.stringify({ key: o.key, size: o.size })}\n`).join(""));
}

/** The member back into a list, or the line that is not one of its entries. */
export function parseObjects(body: Buffer): { ok: true; objects: TStoredObject[] } | { ok: false; problem: string } {
  const objects: TStoredObject[] = [];
  const lines = body.toString("utf8").split("\n");
  for (const [i, line] of lines.entries()) {
    if (!line && i === lines.length - 1) break;
    let parsed: unknown = null;
    try {
      parsed = JSON.parse(line);
    } catch {
      // named below
    }
    const o = ZObject.safeParse(parsed);
    if (!o.success) return { ok: false, problem: `line ${i + 1} is not a stored file's key and size` };
    objects.push(o.data);
  }
  return { ok: true, objects };
}

export type TObjectProblem = TStoredObject & { found: number | null };

/** The listed files the store lacks, or holds at another size (16 asked at a time). */
export async function objectProblems(store: TBlobStore, objects: readonly TStoredObject[]): Promise<TObjectProblem[]> {
  const found = await inTurns(objects, 16, async (o) => {
    assertKey(o.key);
    return store.size(o.key);
  });
  return objects.map((o, i) => ({ ...o, found: found[i] })).filter((o) => o.found !== o.size);
}

/** The problems in words, the first few named. */
export function describeObjectProblems(problems: readonly TObjectProblem[], location: string): string {
  const named = problems.slice(0, 5).map((p) => (p.found === null ? `${p.key} (missing)` : `${p.key} (${p.found} bytes, not ${p.size})`));
  return `${problems.length} evidence file(s) the backup's rows use are not in ${location} as recorded: ${named.join(", ")}${problems.length > 5 ? ", …" : ""}`;
}

/**
 * Before a restore commits: every file the backup lists must be in `store` at its size. Else the
 * restore is refused; with --force it goes on without them, saying so (their reads then fail).
 */
export async function checkObjectsForRestore(store: TBlobStore, objects: readonly TStoredObject[], backupLocation: string, opts: { force: boolean; log: (m: string) => void }) {
  if (store.location !== backupLocation) opts.log(`the backup's evidence was in ${backupLocation}; looking for it in ${store.location}, as configured`);
  const problems = await objectProblems(store, objects);
  if (problems.length) {
    const what = describeObjectProblems(problems, store.location);
    if (!opts.force) throw new AppError("conflict", `${what}. Put them back (from the bucket's versions or a replica), or configure the bucket that holds them; --force restores the database without them.`);
    opts.log(`warning: ${what}. --force: restored without them; reading them will fail.`);
  }
  return { files: objects.length - problems.length, bytes: objects.reduce((n, o) => n + o.size, 0) };
}
