// The shell of every /api/v1 route handler: authenticate the bearer token, run, and turn expected
// errors into the contract's `{"error": {code, message, details}}` with the right status.
import { NextResponse } from "next/server";
import type { TResult } from "../action";
import { env, oidcConfig } from "../env";
import { AppError, HTTP_STATUS, toActionError, type TActionError } from "../errors";
import { newNonce, responseSecurityHeaders } from "../security/headers";
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

/**
 * `streamedBody`: the route takes a large request body and proxy.ts skips its path (where the proxy
 * runs, Next buffers the body for it and truncates it at 10 MB), so the security headers the proxy
 * would have set are set here, by the same function.
 */
export function apiHandler<P>(fn: (args: { req: Request; user: TSessionUser; params: P }) => Promise<Response>, opts: { streamedBody?: boolean } = {}) {
  return async (req: Request, ctx: { params: Promise<P> }) => {
    let res: Response;
    try {
      const user = await caller(req);
      const params = await ctx.params;
      refuseUnstorable(req, params);
      res = await fn({ req, user, params });
    } catch (e) {
      res = errorResponse(toActionError(e));
    }
    if (opts.streamedBody) for (const [k, v] of Object.entries(securityHeadersFor(req))) res.headers.set(k, v);
    return res;
  };
}

function securityHeadersFor(req: Request) {
  const oidc = oidcConfig();
  const cookieNames = (req.headers.get("cookie") ?? "")
    .split(";")
    .map((c) => c.split("=")[0].trim())
    .filter(Boolean);
  return responseSecurityHeaders(
    { pathname: new URL(req.url).pathname, cookieNames, authorization: req.headers.get("authorization") },
    { nonce: newNonce(), dev: env().NODE_ENV === "development", formTargets: oidc ? [new URL(oidc.issuer).origin] : [] },
  );
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

/** A JSON object body, or {} when there is none (a DELETE, a POST that needs nothing more). */
export async function readJsonObject(req: Request): Promise<Record<string, unknown>> {
  const text = await req.text();
  if (!text.trim()) return {};
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new AppError("bad_input", "The request body is not valid JSON.");
  }
  if (typeof body !== "object" || body === null || Array.isArray(body)) throw new AppError("bad_input", "Send a JSON object as the request body.");
  const hit = findUnstorable(body);
  if (hit) throw new AppError("bad_input", `The request body: ${hit.message}.`, [{ field: hit.field || undefined, message: hit.message }]);
  return body as Record<string, unknown>;
}
