// Headers only (Next 16's proxy, formerly middleware): a per-request CSP nonce and the security
// headers on every response, and `Cache-Control: private, no-store` where the request carries
// credentials. It authorizes nothing: proxies can be bypassed (CVE-2025-29927), so every page,
// action, route and query checks the user itself (lib/session.ts, lib/authz.ts).
import { NextResponse, type NextRequest } from "next/server";
import { env, oidcConfig } from "./lib/env";
import { AUTHENTICATED_CACHE_CONTROL, carriesCredentials, contentSecurityPolicy, newNonce, STATIC_SECURITY_HEADERS } from "./lib/security/headers";

const oidc = oidcConfig();
const FORM_TARGETS = oidc ? [new URL(oidc.issuer).origin] : [];

export function proxy(request: NextRequest) {
  const nonce = newNonce();
  const csp = contentSecurityPolicy(nonce, env().NODE_ENV === "development", FORM_TARGETS);
  // Next reads the nonce from the request's CSP header and puts it on its own scripts.
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("Content-Security-Policy", csp);
  requestHeaders.set("x-nonce", nonce);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("Content-Security-Policy", csp);
  for (const [k, v] of Object.entries(STATIC_SECURITY_HEADERS)) response.headers.set(k, v);
  // Build output under /_next/static is the same for everyone and keeps its long cache.
  const isBuildAsset = request.nextUrl.pathname.startsWith("/_next/static/");
  const names = request.cookies.getAll().map((c) => c.name);
  if (!isBuildAsset && carriesCredentials(names, request.headers.get("authorization"))) {
    response.headers.set("Cache-Control", AUTHENTICATED_CACHE_CONTROL);
  }
  return response;
}
