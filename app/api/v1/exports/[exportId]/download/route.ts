import { Readable } from "node:stream";
import { runAction } from "@/lib/action";
import { apiHandler, errorResponse } from "@/lib/api/route";
import { recordExportDownloadAction } from "@/lib/exports/mutations";
import { blobStore } from "@/lib/storage/store";

// The signed BagIt ZIP, once approved and built; every download is audited. Streamed through
// Casebook, checked against its SHA-256 on the way: bytes that fail end the response before its
// last chunk (the client gets a failed download), and the failure is audited.
export const GET = apiHandler<{ exportId: string }>(async ({ req, user, params }) => {
  const r = await runAction(recordExportDownloadAction, user, { exportId: params.exportId, via: req.headers.get("authorization") ? "api" : "ui" });
  if (!r.ok) return errorResponse(r.error);
  const x = r.data;
  return new Response(Readable.toWeb(blobStore().read(x.storageKey!, { sha256: x.sha256!, why: "package download" })) as ReadableStream, {
    headers: {
      "content-type": "application/zip",
      "content-length": String(x.sizeBytes ?? ""),
      "content-disposition": `attachment; filename="${x.id}.zip"`,
      "x-content-sha256": x.sha256!,
      "cache-control": "private, no-store",
    },
  });
});
