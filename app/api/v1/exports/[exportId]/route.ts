import { apiHandler, json } from "@/lib/api/route";
import { notFound } from "@/lib/errors";
import { exportJson, getExport } from "@/lib/exports/queries";

// Status, approval state (who, when, the audit head it covered), and the package's SHA-256 once built.
export const GET = apiHandler<{ exportId: string }>(async ({ user, params }) => {
  const x = await getExport(user, params.exportId);
  if (!x) throw notFound("That export");
  return json(exportJson(x));
});
