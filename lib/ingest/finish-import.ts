// The last transaction of an import, on the importer's own connection (it holds the staging
// table): either every row moves into place with the evidence item, its custody, the status record,
// the job's end and the audit event, or the file is rejected with its errors. Both are bulk actions
// (lib/action.ts), run by the worker for the person who submitted the file.
import { z } from "zod";
import { defineBulkAction } from "../action";
import { Prisma } from "../db/sql";
import { recordEvidence } from "../evidence/record";
import { enqueueJob, finishJob } from "../jobs/queue";
import { moveAccounts, moveExchanges } from "./staging";

const ZImport = z.object({
  importId: z.string(),
  caseId: z.string(),
  kind: z.enum(["accounts", "exchanges"]),
  fileName: z.string(),
  sha256: z.string(),
  rows: z.number().int(),
  job: z.object({ id: z.string(), workerId: z.string() }),
});

function mediaTypeOf(name: string, kind: "accounts" | "exchanges", gzipped: boolean) {
  const base = kind === "accounts" ? "text/csv" : "application/x-ndjson";
  return gzipped || /\.gz$/i.test(name) ? `${base}+gzip` : base;
}

export const completeImportAction = defineBulkAction({
  name: "import.complete",
  input: ZImport.extend({
    sizeBytes: z.string(),
    via: z.string(),
    createdById: z.string(),
    createdAt: z.coerce.date(),
    gzipped: z.boolean(),
    // Exchanges the loader already put in place, in this transaction, with their rollups (a case's first import: lib/ingest/partition.ts).
    placed: z.object({ exchanges: z.number().int(), samples: z.number().int() }).optional(),
  }),
  permission: "job.run",
  async run({ client, sql, input }) {
    const q = (text: string, params?: unknown[]) => client.query(text, params);
    const moved =
      input.kind === "accounts"
        ? { accounts: input.rows, ...(await moveAccounts(q, input.caseId, input.importId)) }
        : (input.placed ?? (await moveExchanges(q, input.caseId, input.importId)));
    const evidenceItemId = await recordEvidence(
      sql,
      {
        caseId: input.caseId,
        kind: "import_file",
        originalName: input.fileName,
        mediaType: mediaTypeOf(input.fileName, input.kind, input.gzipped),
        sizeBytes: BigInt(input.sizeBytes),
        sha256: input.sha256,
        storageKey: input.sha256,
        source: input.via,
        description: `${input.kind} import, ${input.rows.toLocaleString("en")} rows`,
        acquiredById: input.createdById,
        acquiredAt: input.createdAt,
      },
      [
        { action: "received", actorId: input.createdById, at: input.createdAt, note: `uploaded via ${input.via} as ${input.fileName}` },
        { action: "imported", actorId: input.createdById, note: `${input.rows.toLocaleString("en")} rows loaded by import ${input.importId}` },
      ],
    );
    await sql.query(Prisma.sql`
      UPDATE import_job SET status = 'succeeded', phase = NULL, "rowsTotal" = ${input.rows}, "rowsDone" = ${input.rows}, "bytesDone" = "sizeBytes", "errorCount" = 0, errors = '[]',
             result = ${JSON.stringify(moved)}::jsonb, "evidenceItemId" = ${evidenceItemId}, "finishedAt" = ${new Date().toISOString()}::timestamp(3)
       WHERE id = ${input.importId} RETURNING id`);
    await finishJob(sql, input.job, "succeeded");
    // New samples: run the rule flags over them, as a job of its own after this commits.
    if ("samples" in moved && moved.samples > 0) {
      const [run] = await sql.query<{ id: string }>(Prisma.sql`
        INSERT INTO analysis_run (id, "caseId", kind, status, "requestedById", "createdAt")
        VALUES (gen_random_uuid()::text, ${input.caseId}, 'rule_flags', 'queued', ${input.createdById}, ${new Date().toISOString()}::timestamp(3))
        RETURNING id`);
      await enqueueJob(sql, { kind: "analysis", subjectId: run.id, caseId: input.caseId });
    }
    return {
      result: { evidenceItemId, ...moved },
      audit: {
        action: "import.succeeded",
        entityType: "import_job",
        entityId: input.importId,
        caseId: input.caseId,
        data: { kind: input.kind, fileName: input.fileName, sha256: input.sha256, rows: input.rows, ...moved, evidenceItemId },
      },
    };
  },
});

export const rejectImportAction = defineBulkAction({
  name: "import.reject",
  input: ZImport.extend({ errors: z.array(z.object({ line: z.number().int(), field: z.string().optional(), message: z.string() })), errorCount: z.number().int() }),
  permission: "job.run",
  async run({ sql, input }) {
    await sql.query(Prisma.sql`
      UPDATE import_job SET status = 'failed', phase = NULL, "rowsTotal" = ${input.rows}, "rowsDone" = ${input.rows}, "errorCount" = ${input.errorCount},
             errors = ${JSON.stringify(input.errors)}::jsonb, "finishedAt" = ${new Date().toISOString()}::timestamp(3)
       WHERE id = ${input.importId} RETURNING id`);
    // The job did its work: the file was read to the end and refused. Running it again would not help.
    await finishJob(sql, input.job, "succeeded");
    return {
      result: { errorCount: input.errorCount },
      audit: {
        action: "import.rejected",
        entityType: "import_job",
        entityId: input.importId,
        caseId: input.caseId,
        data: { kind: input.kind, fileName: input.fileName, sha256: input.sha256, rows: input.rows, errorCount: input.errorCount, firstError: input.errors[0]?.message },
      },
    };
  },
});
