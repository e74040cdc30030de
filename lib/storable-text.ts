// What PostgreSQL text and jsonb cannot hold: U+0000 and UTF-16 surrogates without their partner.
// Stored, the first fails the query (a 500) and the second is silently turned into U+FFFD by the
// UTF-8 encoder, so the text would no longer be what was sent. Inputs holding either are refused
// at the edge, by field, in words a person can act on. Pure.

export const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const LONE_SURROGATE_ALL = new RegExp(LONE_SURROGATE.source, "g");

const escape = (c: string) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`;

/** Where the first lone surrogate is, and its escape (\ud800). */
export function loneSurrogate(s: string): { index: number; escape: string } | null {
  const m = LONE_SURROGATE.exec(s);
  return m ? { index: m.index, escape: escape(m[0]) } : null;
}

/** Writes each lone surrogate as its escape (\ud800), so the text can be stored and shown. */
export function spellLoneSurrogates(s: string): string {
  return s.replace(LONE_SURROGATE_ALL, escape);
}

/** Why a string cannot be stored as it is, or null. */
export function unstorable(s: string): string | null {
  if (s.indexOf("\u0000") !== -1) return "holds a NUL character (\\u0000), which cannot be stored as text";
  const hit = loneSurrogate(s);
  return hit ? `holds a lone surrogate (${hit.escape}) at character ${hit.index + 1}, which is not valid Unicode text` : null;
}

const MAX_DEPTH = 64;

/** The first string or key under `v` that cannot be stored: its path (`members.2.name`) and why. */
export function findUnstorable(v: unknown, path = "", depth = 0): { field: string; message: string } | null {
  if (typeof v === "string") {
    const why = unstorable(v);
    return why ? { field: path, message: `${path || "the value"} ${why}` } : null;
  }
  if (depth > MAX_DEPTH && v && typeof v === "object") return { field: path, message: `${path || "the value"} nests deeper than ${MAX_DEPTH} levels` };
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      const hit = findUnstorable(v[i], path ? `${path}.${i}` : String(i), depth + 1);
      if (hit) return hit;
    }
    return null;
  }
  if (v && typeof v === "object" && (Object.getPrototypeOf(v) === Object.prototype || Object.getPrototypeOf(v) === null)) {
    for (const [k, x] of Object.entries(v)) {
      const key = unstorable(k);
      if (key) return { field: path, message: `a field name in ${path || "the input"} ${key}` };
      const hit = findUnstorable(x, path ? `${path}.${k}` : k, depth + 1);
      if (hit) return hit;
    }
  }
  return null;
}

/** A bigint row id as text: digits that fit PostgreSQL's bigint (anything else names no row). */
export function isBigintId(s: string): boolean {
  return /^\d{1,19}$/.test(s) && BigInt(s) <= 9_223_372_036_854_775_807n;
}
