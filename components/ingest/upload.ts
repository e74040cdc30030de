// Browser side of the import API: upload a file with progress (XMLHttpRequest, since fetch has no
// upload progress), then poll the job. The session cookie authenticates; same origin only.
import type { TImportJson } from "@/lib/ingest/queries";

export type TImportKind = "accounts" | "exchanges";
export type TApiError = { code: string; message: string; details: { line?: number; field?: string; message: string }[] };

export type TUploadOutcome =
  | { ok: true; job: TImportJson; duplicate: boolean }
  | { ok: false; status: number; error: TApiError };

export const ACTIVE = new Set(["queued", "running"]);
export const isActive = (j: Pick<TImportJson, "status">) => ACTIVE.has(j.status);

function parseError(status: number, text: string): TApiError {
  try {
    const body = JSON.parse(text) as { error?: TApiError };
    if (body.error?.message) return { code: body.error.code, message: body.error.message, details: body.error.details ?? [] };
  } catch {
    // not JSON: fall through to a generic message by status
  }
  if (status === 413) return { code: "too_large", message: "The file is larger than the server accepts.", details: [] };
  if (status === 401) return { code: "unauthenticated", message: "Your session has ended; sign in again.", details: [] };
  return { code: "internal", message: `The upload failed (HTTP ${status || "no answer"}). Check your connection and try again.`, details: [] };
}

export function uploadImport(
  caseId: string,
  kind: TImportKind,
  file: File,
  onProgress: (loaded: number, total: number) => void,
): { promise: Promise<TUploadOutcome>; abort: () => void } {
  const xhr = new XMLHttpRequest();
  const url = `/api/v1/cases/${encodeURIComponent(caseId)}/imports?kind=${kind}&filename=${encodeURIComponent(file.name)}`;
  const promise = new Promise<TUploadOutcome>((resolve) => {
    xhr.open("POST", url);
    xhr.setRequestHeader("x-casebook-client", "ui");
    xhr.setRequestHeader("content-type", "application/octet-stream");
    xhr.upload.onprogress = (e) => onProgress(e.loaded, e.lengthComputable ? e.total : file.size);
    xhr.onload = () => {
      if (xhr.status === 200 || xhr.status === 202) {
        try {
          resolve({ ok: true, job: JSON.parse(xhr.responseText) as TImportJson, duplicate: xhr.status === 200 });
        } catch {
          resolve({ ok: false, status: xhr.status, error: parseError(0, "") });
        }
      } else {
        resolve({ ok: false, status: xhr.status, error: parseError(xhr.status, xhr.responseText) });
      }
    };
    xhr.onerror = () => resolve({ ok: false, status: 0, error: parseError(0, "") });
    xhr.onabort = () => resolve({ ok: false, status: 0, error: { code: "aborted", message: "Upload cancelled.", details: [] } });
    xhr.send(file);
  });
  return { promise, abort: () => xhr.abort() };
}

export async function fetchImport(id: string): Promise<TImportJson | null> {
  const res = await fetch(`/api/v1/imports/${encodeURIComponent(id)}`, { cache: "no-store", headers: { "x-casebook-client": "ui" } });
  if (!res.ok) return null;
  return (await res.json()) as TImportJson;
}
