// The one writer of evidence items and their chain of custody: the import records the file it
// loaded (on the bulk move's raw connection), a download adds a custody step (in a Prisma
// transaction). Both run the same SQL through lib/db/sql.ts, in the caller's transaction. The types
// name only what is written; the database's enums hold more (export packages, attachments,
// "produced"), for when a production is recorded as evidence.
import { Prisma, type TSql } from "../db/sql";

export type TCustodyStep = {
  action: "received" | "imported" | "downloaded";
  actorId: string;
  note: string;
  /** When it happened, if not now (an upload received before the import that records it). */
  at?: Date;
};

export type TEvidenceInput = {
  caseId: string;
  /** import_file: an accounts or exchanges file; partner_bundle: a STIX bundle a partner lab sent. */
  kind: "import_file" | "partner_bundle";
  originalName: string;
  mediaType: string;
  sizeBytes: bigint | number;
  sha256: string;
  storageKey: string;
  /** How it arrived: ui, api, cli, seed, export. */
  source: string;
  description: string;
  acquiredById: string;
  acquiredAt: Date;
};

/**
 * Records an item (once a case: the same bytes again keep the first record) and appends custody
 * steps to it. Returns the item's id.
 */
export async function recordEvidence(sql: TSql, item: TEvidenceInput, custody: TCustodyStep[]): Promise<string> {
  const [row] = await sql.query<{ id: string }>(Prisma.sql`
    INSERT INTO evidence_item (id, "caseId", kind, "originalName", "mediaType", "sizeBytes", sha256, "storageKey", source, description, "acquiredById", "acquiredAt")
    VALUES (gen_random_uuid()::text, ${item.caseId}, ${item.kind}, ${item.originalName}, ${item.mediaType}, ${item.sizeBytes.toString()}::bigint, ${item.sha256},
            ${item.storageKey}, ${item.source}, ${item.description}, ${item.acquiredById}, ${item.acquiredAt.toISOString()}::timestamp(3))
    ON CONFLICT ("caseId", sha256) DO UPDATE SET "originalName" = evidence_item."originalName"
    RETURNING id`);
  await addCustody(sql, row.id, item.sha256, custody);
  return row.id;
}

/** Appends links to an item's chain of custody, each naming the bytes' SHA-256 at that step. */
export async function addCustody(sql: TSql, evidenceItemId: string, sha256: string, steps: TCustodyStep[]): Promise<void> {
  if (!steps.length) return;
  const rows = steps.map(
    (s) => Prisma.sql`(gen_random_uuid()::text, ${evidenceItemId}, ${s.at ? Prisma.sql`${s.at.toISOString()}::timestamp(3)` : Prisma.sql`now()`}, ${s.actorId}, ${s.action}, ${s.note}, ${sha256})`,
  );
  await sql.query(Prisma.sql`INSERT INTO custody_event (id, "evidenceItemId", at, "actorId", action, note, sha256) VALUES ${Prisma.join(rows)} RETURNING id`);
}
