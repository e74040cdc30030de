// The security headers every response carries (proxy.ts sets them; the one route the proxy skips,
// the streamed upload, sets the same through `responseSecurityHeaders`). Pure, so the policy is read
// and tested in one place.

/**
 * The Content Security Policy for one response. Scripts: only Next's own, each carrying this
 * request's nonce ('strict-dynamic' lets them load the chunks they import). Styles: 'unsafe-inline'
 * because React renders `style={…}` as style attributes (charts, bars, progress), which nonces
 * cannot cover; a style cannot run code. Development adds 'unsafe-eval' for React's dev tooling.
 * `formTargets`: origins a form may also lead to, the single sign-on issuer's only (browsers apply
 * form-action to the redirect after a form posts, and the sign-in POST redirects to the issuer).
 */
export function contentSecurityPolicy(nonce: string, dev: boolean, formTargets: string[] = []): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'none'",
    ["form-action 'self'", ...formTargets].join(" "),
    "frame-ancestors 'none'",
  ].join("; ");
}

/** Headers that do not depend on the request. */
export const STATIC_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "strict-origin-when-cross-origin",
  // For browsers that predate frame-ancestors.
  "X-Frame-Options": "DENY",
};

export const AUTHENTICATED_CACHE_CONTROL = "private, no-store";

/** A random nonce: 16 bytes, base64. */
export function newNonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes));
}

/**
 * Whether a request carries credentials (a session cookie or a bearer token): its response must not
 * be stored by any cache. Only a hint for headers; authentication itself happens in lib/session.ts.
 */
export function carriesCredentials(cookieNames: string[], authorization: string | null): boolean {
  return !!authorization || cookieNames.some((n) => /^(__Secure-)?next-auth\.session-token(\.\d+)?$/.test(n));
}

/**
 * Every security header of one response: the CSP with `nonce`, the static ones, and
 * `Cache-Control: private, no-store` when the request carries credentials (build assets under
 * /_next/static excepted: they are the same for everyone and keep their long cache).
 */
export function responseSecurityHeaders(
  request: { pathname: string; cookieNames: string[]; authorization: string | null },
  policy: { nonce: string; dev: boolean; formTargets?: string[] },
): Record<string, string> {
  const headers: Record<string, string> = { "Content-Security-Policy": contentSecurityPolicy(policy.nonce, policy.dev, policy.formTargets), ...STATIC_SECURITY_HEADERS };
  if (!request.pathname.startsWith("/_next/static/") && carriesCredentials(request.cookieNames, request.authorization)) headers["Cache-Control"] = AUTHENTICATED_CACHE_CONTROL;
  return headers;
}
