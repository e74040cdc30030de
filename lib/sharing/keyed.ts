// Keyed identifiers: how an email, payment fingerprint, org id or account id leaves Casebook. Each is
// normalised, then sent as HMAC-SHA256 under the recipient's key, so the recipient can match it
// against its own data (it holds the key), no one else can reverse it, and two recipients' copies
// cannot be linked. Matching incoming indicators uses the same functions. Pure.

import { createHash, createHmac } from "node:crypto";

export type TKeyedKind = "email" | "email_domain" | "payment_fingerprint" | "org_id" | "account_id";

export const KEYED_KINDS: readonly TKeyedKind[] = ["email", "email_domain", "payment_fingerprint", "org_id", "account_id"];

/** Partner keys are agreed as 32 random bytes: HMAC-SHA256's full strength, and the length partners expect. */
export const KEY_BYTES = 32;

export function isKeyedKind(value: unknown): value is TKeyedKind {
  return typeof value === "string" && (KEYED_KINDS as readonly string[]).includes(value);
}

/**
 * The form both labs key: emails and domains trimmed and lowercased (a domain is the part after the
 * last @ when an email is given), everything else only trimmed, because payment fingerprints and
 * ids are case-sensitive at their source. No Unicode normalisation beyond that: both sides must
 * apply exactly this rule, and it is the rule agreed with partners.
 */
export function normalise(kind: TKeyedKind, value: string): string {
  switch (kind) {
    case "email":
      return value.trim().toLowerCase();
    case "email_domain": {
      const trimmed = value.trim();
      return trimmed.slice(trimmed.lastIndexOf("@") + 1).trim().toLowerCase();
    }
    case "payment_fingerprint":
    case "org_id":
    case "account_id":
      return value.trim();
  }
}

function requireKey(key: Uint8Array): void {
  if (key.length !== KEY_BYTES) {
    throw new Error(`A partner key must be ${KEY_BYTES} bytes; this one has ${key.length}. Use the key agreed with that lab.`);
  }
}

/**
 * Lowercase hex HMAC-SHA256 of `${kind}:${normalised value}`. The kind is inside the MAC so the same
 * text as an email and as an account id gives unrelated values.
 */
export function keyedValue(key: Uint8Array, kind: TKeyedKind, value: string): string {
  requireKey(key);
  const normalised = normalise(kind, value);
  if (normalised === "") throw new Error(`An empty ${kind} cannot be keyed: drop it or fix the source value.`);
  return createHmac("sha256", key).update(`${kind}:${normalised}`, "utf8").digest("hex");
}

/** Names a key in a bundle without revealing it: the first 16 hex characters of its SHA-256. */
export function keyFingerprint(key: Uint8Array): string {
  requireKey(key);
  return createHash("sha256").update(key).digest("hex").slice(0, 16);
}
