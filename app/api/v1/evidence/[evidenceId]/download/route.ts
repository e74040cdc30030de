import { Readable } from "node:stream";
import { runAction } from "@/lib/action";
import { apiHandler, errorResponse } from "@/lib/api/route";
import { recordEvidenceDownloadAction } from "@/lib/evidence/mutations";
import { blobStore } from "@/lib/storage/store";

// The original bytes, exactly as received; the download is recorded in the chain of custody. The
// bytes are checked against the recorded SHA-256 as they stream: a stored copy that fails ends the
// response before its last chunk, and the failure is audited.
export const GET = apiHandler<{ evidenceId: string }>(async ({ req, user, params }) => {
  const r = await runAction(recordEvidenceDownloadAction, user, { evidenceId: params.evidenceId, via: req.headers.get("authorization") ? "api" : "ui" });
  if (!r.ok) return errorResponse(r.error);
  const item = r.data;
  const safeName = item.originalName.replace(/[^A-Za-z0-9._-]/g, "_");
  return new Response(Readable.toWeb(blobStore().read(item.storageKey, { sha256: item.sha256, why: "evidence download" })) as ReadableStream, {
    headers: {
      "content-type": "application/octet-stream",
      "content-length": item.sizeBytes.toString(),
      "content-disposition": `attachment; filename="${safeName}"`,
      "x-content-sha256": item.sha256,
      "cache-control": "private, no-store",
    },
  });
});
