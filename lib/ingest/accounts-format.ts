// accounts.csv (shared/formats/README.md): the header, then one account a row, columns in any
// order; unknown columns are kept per account as attributes. Pure.
import { hasNul, isoTimestamp, optionalAsn, optionalCountry, optionalIp, optionalText, requiredId, show, type TFieldResult } from "./fields";
import type { TRowError } from "./types";

export const ACCOUNT_COLUMNS = [
  "account_id",
  "created_at",
  "email",
  "display_name",
  "country",
  "signup_ip",
  "asn",
  "payment_fingerprint",
  "user_agent",
  "organization_id",
  "status",
  "cluster",
] as const;
type TColumn = (typeof ACCOUNT_COLUMNS)[number];
const KNOWN = new Set<string>(ACCOUNT_COLUMNS);
const STATUSES = new Set(["active", "suspended", "banned"]);

export type TAccountHeader = { index: Partial<Record<TColumn, number>>; extras: { name: string; index: number }[]; width: number };

export type TAccountRow = {
  line: number;
  externalId: string;
  createdAt: Date;
  email: string | null;
  displayName: string | null;
  country: string | null;
  signupIp: string | null;
  asn: bigint | null;
  paymentFingerprint: string | null;
  userAgent: string | null;
  organizationId: string | null;
  status: "active" | "suspended" | "banned";
  cluster: string | null;
  attributes: Record<string, string>;
};

export function readAccountHeader(fields: string[], line = 1): { ok: true; header: TAccountHeader } | { ok: false; errors: TRowError[] } {
  const errors: TRowError[] = [];
  const index: TAccountHeader["index"] = {};
  const extras: TAccountHeader["extras"] = [];
  const seen = new Set<string>();
  fields.forEach((raw, i) => {
    const name = raw.trim();
    if (!name) return errors.push({ line, message: `header column ${i + 1} has no name` });
    if (seen.has(name)) return errors.push({ line, field: name, message: `header names the column ${show(name)} twice` });
    seen.add(name);
    if (KNOWN.has(name)) index[name as TColumn] = i;
    else extras.push({ name, index: i });
  });
  for (const req of ["account_id", "created_at"] as const) {
    if (index[req] === undefined) errors.push({ line, field: req, message: `the header has no ${req} column (required). Columns found: ${fields.slice(0, 20).join(", ")}` });
  }
  return errors.length ? { ok: false, errors } : { ok: true, header: { index, extras, width: fields.length } };
}

export function validateAccountRecord(header: TAccountHeader, line: number, fields: string[]): { ok: true; row: TAccountRow } | { ok: false; errors: TRowError[] } {
  if (fields.length !== header.width) {
    return { ok: false, errors: [{ line, message: `line ${line}: ${fields.length} fields, but the header has ${header.width} (a comma inside a value must be quoted)` }] };
  }
  const errors: TRowError[] = [];
  const get = (c: TColumn) => (header.index[c] === undefined ? "" : fields[header.index[c]!]);
  function check<T>(field: string, r: TFieldResult<T>): T {
    if (!r.ok) {
      errors.push({ line, field, message: `line ${line}: ${r.message}` });
      return undefined as T;
    }
    return r.value;
  }
  for (const [i, f] of fields.entries()) {
    if (hasNul(f)) errors.push({ line, field: ACCOUNT_COLUMNS.find((c) => header.index[c] === i) ?? header.extras.find((e) => e.index === i)?.name, message: `line ${line}: contains a NUL character, which cannot be stored` });
  }
  const statusRaw = get("status");
  if (statusRaw !== "" && !STATUSES.has(statusRaw)) errors.push({ line, field: "status", message: `line ${line}: status ${show(statusRaw)} must be active, suspended or banned` });
  const attributes: Record<string, string> = {};
  for (const e of header.extras) if (fields[e.index] !== "") attributes[e.name] = fields[e.index];
  const row: TAccountRow = {
    line,
    externalId: check("account_id", requiredId("account_id", get("account_id"))),
    createdAt: check("created_at", isoTimestamp("created_at", get("created_at"))),
    email: check("email", optionalText("email", get("email"), 320)),
    displayName: check("display_name", optionalText("display_name", get("display_name"), 500)),
    country: check("country", optionalCountry("country", get("country"))),
    signupIp: check("signup_ip", optionalIp("signup_ip", get("signup_ip"))),
    asn: check("asn", optionalAsn("asn", get("asn"))),
    paymentFingerprint: check("payment_fingerprint", optionalText("payment_fingerprint", get("payment_fingerprint"), 256)),
    userAgent: check("user_agent", optionalText("user_agent", get("user_agent"), 2000)),
    organizationId: check("organization_id", optionalText("organization_id", get("organization_id"), 256)),
    status: (statusRaw || "active") as TAccountRow["status"],
    cluster: check("cluster", optionalText("cluster", get("cluster"), 200)),
    attributes,
  };
  return errors.length ? { ok: false, errors } : { ok: true, row };
}
