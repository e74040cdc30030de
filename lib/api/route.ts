// The shell of every /api/v1 route handler: authenticate the bearer token, run, and turn expected
// errors into the contract's `{"error": {code, message, details}}` with the right status.
import { NextResponse } from "next/server";
import type { TResult } from "../action";
import { AppError, HTTP_STATUS, toActionError, type TActionError } from "../errors";
import type { TSessionUser } from "../session";
import { findUnstorable } from "../storable-text";
import { userFromBearer } from "../tokens/auth";

export function errorResponse(error: TActionError) {
  const status = error.code === "internal" ? 500 : HTTP_STATUS[error.code];
  return NextResponse.json({ error }, { status });
}

/** JSON with bigint and Date made plain. */
export function json(body: unknown, status = 200) {
  return new NextResponse(JSON.stringify(body, (_k, v) => (typeof v === "bigint" ? v.toString() : v)), {
    status,
    headers: { "content-type": "application/json; charset=utf-8", "cache-control": "private, no-store" },
  });
}

/**
 * The caller: a bearer token when the request has one; otherwise the browser's session (the app's
 * own pages use these routes for uploads and downloads; SameSite cookies keep other sites out).
 */
async function caller(req: Request): Promise<TSessionUser> {
  if (req.headers.get("authorization")) return userFromBearer(req.headers.get("authorization"));
  const fromSession = await import("../session").then((m) => m.getCurrentUser()).catch(() => null);
  if (fromSession) return fromSession;
  throw new AppError("unauthenticated", "Send an API token: `Authorization: Bearer cb_…`.");
}

export function apiHandler<P>(fn: (args: { req: Request; user: TSessionUser; params: P }) => Promise<Response>) {
  return async (req: Request, ctx: { params: Promise<P> }) => {
    try {
      const user = await caller(req);
      const params = await ctx.params;
      refuseUnstorable(req, params);
      return await fn({ req, user, params });
    } catch (e) {
      return errorResponse(toActionError(e));
    }
  };
}

/** Path segments and query values PostgreSQL cannot hold (NUL, lone surrogates) name nothing: 400, by field. */
function refuseUnstorable(req: Request, params: unknown) {
  const hit = findUnstorable(params) ?? findUnstorable(Object.fromEntries(new URL(req.url).searchParams));
  if (hit) throw new AppError("bad_input", `The request ${hit.message}.`, [{ field: hit.field || undefined, message: hit.message }]);
}

export function resultResponse<R>(r: TResult<R>, status = 200) {
  return r.ok ? json(r.data, status) : errorResponse(r.error);
}

export async function readJson(req: Request): Promise<unknown> {
  let body: unknown;
  try {
    body = await req.json();
  } catch {
    throw new AppError("bad_input", "The request body is not valid JSON.");
  }
  const hit = findUnstorable(body);
  if (hit) throw new AppError("bad_input", `The request body: ${hit.message}.`, [{ field: hit.field || undefined, message: hit.message }]);
  return body;
}
