import { apiHandler, errorResponse, json } from "@/lib/api/route";
import { submitImport } from "@/lib/ingest/mutations";
import { importJson, listImports } from "@/lib/ingest/queries";
import { notFound } from "@/lib/errors";

// The file is the request body, streamed to storage as it arrives (never held in memory). proxy.ts
// skips this path, which would otherwise buffer the body and cut it at 10 MB: the handler sets the
// security headers itself.
export const POST = apiHandler<{ caseId: string }>(async ({ req, user, params }) => {
  const url = new URL(req.url);
  const viaUi = req.headers.get("x-casebook-client") === "ui";
  const r = await submitImport(user, {
    caseId: params.caseId,
    kind: url.searchParams.get("kind") ?? "",
    fileName: url.searchParams.get("filename") ?? `${url.searchParams.get("kind") ?? "upload"}${req.headers.get("content-encoding") === "gzip" ? ".gz" : ""}`,
    via: viaUi ? "ui" : "api",
    body: req.body as AsyncIterable<Uint8Array> | null,
  });
  if (!r.ok) return errorResponse(r.error);
  return json(importJson(r.data.job), r.data.duplicate ? 200 : 202);
}, { streamedBody: true });

export const GET = apiHandler<{ caseId: string }>(async ({ req, user, params }) => {
  const kind = new URL(req.url).searchParams.get("kind");
  const items = await listImports(user, params.caseId, kind === "accounts" || kind === "exchanges" ? kind : undefined);
  if (!items) throw notFound("That case");
  return json({ items });
}, { streamedBody: true });
