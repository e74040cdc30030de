// next-auth's cookies, spelled out: every one HttpOnly and SameSite=Lax, and Secure (with the
// __Secure-/__Host- names) unless Casebook is served locally over plain http.
import type { CookieOption, CookiesOptions } from "next-auth";
import { env } from "../env";

const LOCAL_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);

/**
 * The rule: `always` / `never` when CASEBOOK_SECURE_COOKIES says so; otherwise Secure unless the
 * URL people use is plain http on a loopback host (`npm start` and `npm run dev` serve
 * http://localhost:3000, where a Secure cookie would never come back). An https URL is always Secure.
 */
export function secureCookiesFor(setting: "auto" | "always" | "never", url: string | undefined): boolean {
  if (setting !== "auto") return setting === "always";
  if (!url) return false; // no URL: the start script sets one, so this is a test or a script
  const u = new URL(url);
  return !(u.protocol === "http:" && LOCAL_HOSTS.has(u.hostname));
}

export function sessionCookies(): CookiesOptions & { sessionToken: CookieOption } {
  const e = env();
  const secure = secureCookiesFor(e.CASEBOOK_SECURE_COOKIES, e.NEXTAUTH_URL);
  const prefix = secure ? "__Secure-" : "";
  const options = { httpOnly: true, sameSite: "lax" as const, path: "/", secure };
  return {
    sessionToken: { name: `${prefix}next-auth.session-token`, options },
    callbackUrl: { name: `${prefix}next-auth.callback-url`, options },
    csrfToken: { name: `${secure ? "__Host-" : ""}next-auth.csrf-token`, options },
    pkceCodeVerifier: { name: `${prefix}next-auth.pkce.code_verifier`, options: { ...options, maxAge: 60 * 15 } },
    state: { name: `${prefix}next-auth.state`, options: { ...options, maxAge: 60 * 15 } },
    nonce: { name: `${prefix}next-auth.nonce`, options },
  };
}
