import { apiHandler, json } from "@/lib/api/route";
import { getImport } from "@/lib/ingest/queries";
import { notFound } from "@/lib/errors";

export const GET = apiHandler<{ importId: string }>(async ({ user, params }) => {
  const job = await getImport(user, params.importId);
  if (!job) throw notFound("That import");
  return json(job);
});
