// The backup file (lib/backup/write.ts writes it, lib/backup/restore.ts reads it): one tar stream,
// gzipped, whose members come in this order so that a restore can run in one pass:
//   header.json                           format, time, Casebook's migrations, tables and columns,
//                                         sequences: what a restore checks before it loads anything
//   db/<table>/<000001>.copy …            each table as PostgreSQL COPY text, cut into parts of at
//                                         most PART_BYTES (a tar member needs its size up front, and
//                                         no table is ever held in memory or spooled to disk)
//   signing/<file>                        the signing key folder, modes kept
//   checkpoints/audit-checkpoints.jsonl   the signed audit checkpoints
//   blobs/<sha256>                        every file of the evidence store, named by its SHA-256
//   objects.jsonl                         instead of blobs/, when the evidence is in an object store
//                                         (version 2; the header names where): the files the rows
//                                         use, key and size (lib/backup/objects.ts)
//   manifest.json                         the SHA-256 and size of every member above and the row
//                                         count of every table: known only once they are written
import { z } from "zod";

export const BACKUP_FORMAT = "casebook-backup";
export const BACKUP_VERSION = 1;
/** A backup whose evidence stays in an object store: older Casebooks refuse it rather than restore no files. */
export const OBJECT_STORE_BACKUP_VERSION = 2;
export const PART_BYTES = 8 * 1024 * 1024;

export const HEADER_MEMBER = "header.json";
export const MANIFEST_MEMBER = "manifest.json";
export const CHECKPOINT_MEMBER = "checkpoints/audit-checkpoints.jsonl";
export const OBJECTS_MEMBER = "objects.jsonl";

const ZName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "not a plain SQL name");

export const ZBackupHeader = z.object({
  format: z.literal(BACKUP_FORMAT),
  version: z.union([z.literal(BACKUP_VERSION), z.literal(OBJECT_STORE_BACKUP_VERSION)]),
  createdAt: z.string().datetime(),
  /** `_prisma_migrations` as applied (finished, not rolled back), by name. */
  migrations: z.array(z.object({ name: z.string(), checksum: z.string() })),
  /** In load order: a table comes after every table it references. */
  tables: z.array(z.object({ name: ZName, columns: z.array(ZName).min(1) })),
  /** Serial and identity sequences as they stood (never below the rows' max: see the restore). */
  sequences: z.array(z.object({ table: ZName, column: ZName, lastValue: z.string().regex(/^-?\d+$/), isCalled: z.boolean() })),
  /** The cases whose exchanges have a partition of their own (lib/ingest/partition.ts), made again
   *  before the exchange rows load. Absent from older backups: their rows go to the DEFAULT partition. */
  exchangePartitions: z.array(z.string().min(1)).optional(),
  /** Where the evidence files are, when not in the backup (s3://bucket/prefix): see OBJECTS_MEMBER. */
  objectStore: z.object({ location: z.string().min(1) }).optional(),
});
export type TBackupHeader = z.infer<typeof ZBackupHeader>;

export const ZBackupManifest = z.object({
  members: z.record(z.string(), z.object({ sha256: z.string().regex(/^[0-9a-f]{64}$/), size: z.number().int().min(0) })),
  rowCounts: z.record(z.string(), z.number().int().min(0)),
  blobs: z.number().int().min(0),
  blobBytes: z.number().int().min(0),
});
export type TBackupManifest = z.infer<typeof ZBackupManifest>;

export const tablePartMember = (table: string, part: number) => `db/${table}/${String(part).padStart(6, "0")}.copy`;
export const blobMember = (key: string) => `blobs/${key}`;
export const signingMember = (file: string) => `signing/${file}`;

/** The table a db/ member belongs to, or null. */
export function tableOfMember(name: string): string | null {
  const m = /^db\/([A-Za-z_][A-Za-z0-9_]*)\/\d{6}\.copy$/.exec(name);
  return m ? m[1] : null;
}

/**
 * Tables in an order that loads every referenced row before the rows that reference it. References
 * of a table to itself are left to the load (rows come in the order the dump read them); a cycle
 * between tables cannot be ordered and is named, so the restore can say why it needs a superuser.
 */
export function loadOrder(tables: readonly string[], references: ReadonlyArray<{ from: string; to: string }>): { order: string[]; cyclic: string[] } {
  const deps = new Map(tables.map((t) => [t, new Set<string>()]));
  for (const r of references) if (r.from !== r.to && deps.has(r.from) && deps.has(r.to)) deps.get(r.from)!.add(r.to);
  const order: string[] = [];
  const done = new Set<string>();
  const sorted = [...tables].sort();
  for (;;) {
    const ready = sorted.filter((t) => !done.has(t) && [...deps.get(t)!].every((d) => done.has(d)));
    if (ready.length === 0) break;
    for (const t of ready) {
      done.add(t);
      order.push(t);
    }
  }
  const cyclic = sorted.filter((t) => !done.has(t));
  return { order: [...order, ...cyclic], cyclic };
}
