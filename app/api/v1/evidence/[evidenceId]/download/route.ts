import { Readable } from "node:stream";
import { runAction } from "@/lib/action";
import { apiHandler, errorResponse } from "@/lib/api/route";
import { recordEvidenceDownloadAction } from "@/lib/evidence/mutations";
import { blobStore } from "@/lib/storage/blob-store";

// The original bytes, exactly as received; the download is recorded in the chain of custody.
export const GET = apiHandler<{ evidenceId: string }>(async ({ req, user, params }) => {
  const r = await runAction(recordEvidenceDownloadAction, user, { evidenceId: params.evidenceId, via: req.headers.get("authorization") ? "api" : "ui" });
  if (!r.ok) return errorResponse(r.error);
  const item = r.data;
  const safeName = item.originalName.replace(/[^A-Za-z0-9._-]/g, "_");
  return new Response(Readable.toWeb(blobStore().read(item.storageKey)) as ReadableStream, {
    headers: {
      "content-type": "application/octet-stream",
      "content-length": item.sizeBytes.toString(),
      "content-disposition": `attachment; filename="${safeName}"`,
      "x-content-sha256": item.sha256,
      "cache-control": "private, no-store",
    },
  });
});
