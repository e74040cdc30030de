import { apiHandler } from "@/lib/api/route";
import { csvRow } from "@/lib/csv-out";
import { getImport } from "@/lib/ingest/queries";
import { notFound } from "@/lib/errors";

// The rejected rows as CSV (line, field, message); cells are formula-safe.
export const GET = apiHandler<{ importId: string }>(async ({ user, params }) => {
  const job = await getImport(user, params.importId);
  if (!job) throw notFound("That import");
  let body = csvRow(["line", "field", "message"]);
  for (const e of job.errors) body += csvRow([e.line, e.field ?? "", e.message]);
  if (job.errorCount > job.errors.length) body += csvRow(["", "", `… and ${job.errorCount - job.errors.length} more errors not listed`]);
  const safeName = job.fileName.replace(/[^A-Za-z0-9._-]/g, "_");
  return new Response(body, {
    headers: { "content-type": "text/csv; charset=utf-8", "content-disposition": `attachment; filename="errors-${safeName}.csv"`, "cache-control": "private, no-store" },
  });
});
