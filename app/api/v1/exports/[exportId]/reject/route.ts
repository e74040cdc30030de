import { runAction } from "@/lib/action";
import { apiHandler, errorResponse, json, readJson } from "@/lib/api/route";
import { rejectExportAction } from "@/lib/exports/mutations";
import { exportJson } from "@/lib/exports/queries";

// A reviewer of the case requests changes, {comment}.
export const POST = apiHandler<{ exportId: string }>(async ({ req, user, params }) => {
  const body = ((await readJson(req)) ?? {}) as { comment?: unknown };
  const r = await runAction(rejectExportAction, user, { exportId: params.exportId, comment: body.comment });
  if (!r.ok) return errorResponse(r.error);
  return json(exportJson(r.data));
});
