// Field rules shared by the account and exchange formats (shared/formats/README.md). Each returns
// the clean value or a message a person can act on. Pure.
import { isIP } from "node:net";
import { spellLoneSurrogates } from "../storable-text";

export { loneSurrogate, spellLoneSurrogates } from "../storable-text";

export type TFieldResult<T> = { ok: true; value: T } | { ok: false; message: string };
const ok = <T>(value: T): TFieldResult<T> => ({ ok: true, value });
const bad = (message: string): TFieldResult<never> => ({ ok: false, message });

/** Quotes a value for a message, short and on one line, whatever an attacker put in it. */
export function show(value: unknown): string {
  const s = typeof value === "string" ? value : JSON.stringify(value) ?? String(value);
  // Lone surrogates are spelled out: a message holding one could not be stored (jsonb refuses it).
  const flat = spellLoneSurrogates(s.slice(0, 240).replace(/[\r\n\t]/g, " "));
  // Cut by code points, never between the halves of a surrogate pair (an emoji).
  const points = Array.from(flat);
  return `'${points.length > 60 || s.length > 240 ? `${points.slice(0, 57).join("")}…` : flat}'`;
}

const ISO = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(Z|z|[+-]\d{2}(?::?\d{2})?)$/;

const COLON_ZONE = /[+-]\d{2}:\d{2}$/;
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysInMonth(year: number, month: number): number {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1];
}

export function isoTimestamp(field: string, raw: unknown): TFieldResult<Date> {
  if (typeof raw !== "string") return bad(`${field} must be an ISO 8601 date-time string, got ${show(raw)}`);
  const m = ISO.exec(raw);
  const hint = "an ISO 8601 date-time with a time zone, e.g. 2026-04-22T00:00:03Z";
  if (!m) return bad(`${field} ${show(raw)} is not ${hint}`);
  const [, y, mo, d, h, mi, s] = m;
  const month = Number(mo);
  const day = Number(d);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(Number(y), month) || Number(h) > 23 || Number(mi) > 59 || (s !== undefined && Number(s) > 59)) {
    return bad(`${field} ${show(raw)} is not a real date and time`);
  }
  // Most files write the form Date.parse reads as it is (…T…Z or …T…+hh:mm): no rewriting then.
  const plain = raw.charCodeAt(10) === 84 && !raw.includes(",") && (raw.endsWith("Z") || COLON_ZONE.test(raw));
  const t = Date.parse(plain ? raw : raw.replace(/[Tt ]/, "T").replace(",", ".").replace(/z$/, "Z").replace(/([+-]\d{2})(\d{2})$/, "$1:$2").replace(/([+-]\d{2})$/, "$1:00"));
  if (Number.isNaN(t)) return bad(`${field} ${show(raw)} is not ${hint}`);
  return ok(new Date(t));
}

export function requiredId(field: string, raw: unknown): TFieldResult<string> {
  if (typeof raw !== "string" || raw.length === 0) return bad(`${field} is missing`);
  if (raw.length > 128) return bad(`${field} is ${raw.length} characters long; the limit is 128`);
  if (raw.trim() !== raw) return bad(`${field} ${show(raw)} has leading or trailing spaces`);
  return ok(raw);
}

export function optionalText(field: string, raw: unknown, max: number): TFieldResult<string | null> {
  if (raw === undefined || raw === null || raw === "") return ok(null);
  if (typeof raw !== "string") return bad(`${field} must be text, got ${show(raw)}`);
  if (raw.length > max) return bad(`${field} is ${raw.length} characters long; the limit is ${max}`);
  return ok(raw);
}

export function optionalIp(field: string, raw: unknown): TFieldResult<string | null> {
  if (raw === undefined || raw === null || raw === "") return ok(null);
  if (typeof raw !== "string" || isIP(raw) === 0) return bad(`${field} ${show(raw)} is not an IPv4 or IPv6 address`);
  return ok(raw);
}

export function optionalCount(field: string, raw: unknown): TFieldResult<number | null> {
  if (raw === undefined || raw === null) return ok(null);
  if (typeof raw !== "number" || !Number.isInteger(raw) || raw < 0 || raw > 2_147_483_647) return bad(`${field} ${show(raw)} is not a whole number ≥ 0`);
  return ok(raw);
}

export function optionalAsn(field: string, raw: string): TFieldResult<bigint | null> {
  if (raw === "") return ok(null);
  const m = /^(?:AS)?(\d{1,10})$/i.exec(raw.trim());
  if (!m || BigInt(m[1]) > 4_294_967_295n) return bad(`${field} ${show(raw)} is not an AS number (e.g. 4134 or AS4134)`);
  return ok(BigInt(m[1]));
}

export function optionalCountry(field: string, raw: string): TFieldResult<string | null> {
  if (raw === "") return ok(null);
  if (!/^[A-Za-z]{2}$/.test(raw)) return bad(`${field} ${show(raw)} is not a two-letter ISO 3166-1 country code (e.g. SG)`);
  return ok(raw.toUpperCase());
}

/** PostgreSQL cannot store U+0000 in text or jsonb; say so rather than fail mysteriously later. */
export function hasNul(s: string): boolean {
  return s.indexOf("\u0000") !== -1;
}
