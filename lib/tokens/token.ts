// API tokens: `cb_<id>_<secret>`. Only the SHA-256 of the whole token is stored; the prefix
// (`cb_<id>`) identifies a token in lists without revealing it. Pure.
import { createHash, randomBytes } from "node:crypto";

export function newToken(): { token: string; prefix: string; hash: string } {
  const id = randomBytes(6).toString("hex");
  const secret = randomBytes(24).toString("base64url");
  const token = `cb_${id}_${secret}`;
  return { token, prefix: `cb_${id}`, hash: hashToken(token) };
}

export function hashToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

/** The bearer token from an Authorization header, or null when absent or malformed. */
export function bearerToken(header: string | null): string | null {
  const m = /^Bearer\s+(cb_[0-9a-f]{12}_[A-Za-z0-9_-]{32})\s*$/.exec(header ?? "");
  return m ? m[1] : null;
}
