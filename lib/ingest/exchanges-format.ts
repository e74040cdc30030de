// exchanges.jsonl (shared/formats/README.md): one JSON object a line; text fields make a sample.
// Fields beyond the contract's are kept as attributes. Pure.
import { createHash } from "node:crypto";
import { hasNul, isoTimestamp, loneSurrogate, optionalCount, optionalIp, optionalText, requiredId, show, spellLoneSurrogates, type TFieldResult } from "./fields";
import type { TRowError } from "./types";

const KNOWN = new Set([
  "exchange_id",
  "account_id",
  "timestamp",
  "model",
  "prompt_tokens",
  "completion_tokens",
  "prompt",
  "response",
  "prompt_sha256",
  "request_ip",
  "user_agent",
  "metadata",
]);

export type TExchangeRow = {
  line: number;
  externalId: string;
  accountExternalId: string;
  ts: Date;
  model: string;
  promptTokens: number | null;
  completionTokens: number | null;
  prompt: string | null;
  response: string | null;
  promptSha256: string | null;
  requestIp: string | null;
  userAgent: string | null;
  metadata: Record<string, unknown> | null;
  attributes: Record<string, unknown> | null;
};

const TEXT_LIMIT = 8 * 1024 * 1024;

function containsNul(v: unknown): boolean {
  if (typeof v === "string") return hasNul(v);
  if (Array.isArray(v)) return v.some(containsNul);
  if (v && typeof v === "object") return Object.entries(v).some(([k, x]) => hasNul(k) || containsNul(x));
  return false;
}

/** The first string (or key) under `v` holding a lone surrogate, with its path (metadata.tags[2]). */
function findLoneSurrogate(v: unknown, path: string): { path: string; index: number; escape: string } | null {
  if (typeof v === "string") {
    const hit = loneSurrogate(v);
    return hit && { path, ...hit };
  }
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      const hit = findLoneSurrogate(v[i], `${path}[${i}]`);
      if (hit) return hit;
    }
  } else if (v && typeof v === "object") {
    for (const [k, x] of Object.entries(v)) {
      const key = loneSurrogate(k);
      if (key) return { path: `${path}.${show(k).slice(1, -1)} (its name)`, ...key };
      const hit = findLoneSurrogate(x, `${path}.${k}`);
      if (hit) return hit;
    }
  }
  return null;
}

// The file is strict UTF-8, so a surrogate can only come from a JSON escape (\ud800 … \udfff).
const SURROGATE_ESCAPE = /\\u[dD][89a-fA-F]/;

export function validateExchangeLine(line: number, text: string): { ok: true; row: TExchangeRow } | { ok: false; errors: TRowError[] } | { ok: "blank" } {
  if (text.trim() === "") return { ok: "blank" };
  let obj: unknown;
  try {
    obj = JSON.parse(text);
  } catch (e) {
    return { ok: false, errors: [{ line, message: `line ${line}: not valid JSON (${spellLoneSurrogates((e as Error).message.slice(0, 120))})` }] };
  }
  if (typeof obj !== "object" || obj === null || Array.isArray(obj)) {
    return { ok: false, errors: [{ line, message: `line ${line}: each line must be one JSON object, got ${Array.isArray(obj) ? "an array" : show(obj)}` }] };
  }
  const o = obj as Record<string, unknown>;
  const errors: TRowError[] = [];
  function check<T>(field: string, r: TFieldResult<T>): T {
    if (!r.ok) {
      errors.push({ line, field, message: `line ${line}: ${r.message}` });
      return undefined as T;
    }
    return r.value;
  }
  const model = o.model;
  if (typeof model !== "string" || model.length === 0 || model.length > 200) {
    errors.push({ line, field: "model", message: `line ${line}: model ${model === undefined ? "is missing" : `${show(model)} must be a name of 1–200 characters`}` });
  }
  const prompt = check("prompt", optionalText("prompt", o.prompt, TEXT_LIMIT));
  const response = check("response", optionalText("response", o.response, TEXT_LIMIT));
  let sha = o.prompt_sha256;
  if (sha !== undefined && sha !== null && (typeof sha !== "string" || !/^[0-9a-fA-F]{64}$/.test(sha))) {
    errors.push({ line, field: "prompt_sha256", message: `line ${line}: prompt_sha256 ${show(sha)} is not 64 hexadecimal characters` });
    sha = undefined;
  }
  const metadata = o.metadata;
  if (metadata !== undefined && metadata !== null && (typeof metadata !== "object" || Array.isArray(metadata))) {
    errors.push({ line, field: "metadata", message: `line ${line}: metadata must be a JSON object, got ${show(metadata)}` });
  }
  if (text.includes("\\u0000") && containsNul(o)) {
    errors.push({ line, message: `line ${line}: contains a NUL character (\\u0000), which cannot be stored` });
  }
  // Refused, not repaired: stored, the text would silently become U+FFFD and no longer be what the
  // file said (the file is then rejected whole, as for any bad line; its bytes stay unaltered).
  if (SURROGATE_ESCAPE.test(text)) {
    for (const [k, v] of Object.entries(o)) {
      const key = loneSurrogate(k);
      const hit = key ? { path: `${show(k).slice(1, -1)} (its name)`, ...key } : findLoneSurrogate(v, k);
      if (hit) {
        errors.push({
          line,
          field: k,
          message: `line ${line}: ${hit.path} holds a lone surrogate (${hit.escape}) at character ${hit.index + 1}, which is not valid Unicode text; it is refused rather than stored altered`,
        });
      }
    }
  }
  let attributes: Record<string, unknown> | null = null;
  for (const k of Object.keys(o)) {
    if (!KNOWN.has(k)) (attributes ??= {})[k] = o[k];
  }
  const row: TExchangeRow = {
    line,
    externalId: check("exchange_id", requiredId("exchange_id", o.exchange_id)),
    accountExternalId: check("account_id", requiredId("account_id", o.account_id)),
    ts: check("timestamp", isoTimestamp("timestamp", o.timestamp)),
    model: model as string,
    promptTokens: check("prompt_tokens", optionalCount("prompt_tokens", o.prompt_tokens)),
    completionTokens: check("completion_tokens", optionalCount("completion_tokens", o.completion_tokens)),
    prompt,
    response,
    promptSha256: typeof sha === "string" ? sha.toLowerCase() : typeof prompt === "string" && prompt ? createHash("sha256").update(prompt, "utf8").digest("hex") : null,
    requestIp: check("request_ip", optionalIp("request_ip", o.request_ip)),
    userAgent: check("user_agent", optionalText("user_agent", o.user_agent, 2000)),
    metadata: (metadata as Record<string, unknown> | null | undefined) ?? null,
    attributes,
  };
  return errors.length ? { ok: false, errors } : { ok: true, row };
}
