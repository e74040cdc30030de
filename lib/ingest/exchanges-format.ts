// exchanges.jsonl (shared/formats/README.md): one JSON object a line; text fields make a sample.
// Fields beyond the contract's are kept as attributes. Pure.
import { createHash } from "node:crypto";
import { hasNul, isoTimestamp, optionalCount, optionalIp, optionalText, requiredId, show, type TFieldResult } from "./fields";
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

export function validateExchangeLine(line: number, text: string): { ok: true; row: TExchangeRow } | { ok: false; errors: TRowError[] } | { ok: "blank" } {
  if (text.trim() === "") return { ok: "blank" };
  let obj: unknown;
  try {
    obj = JSON.parse(text);
  } catch (e) {
    return { ok: false, errors: [{ line, message: `line ${line}: not valid JSON (${(e as Error).message.slice(0, 120)})` }] };
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
