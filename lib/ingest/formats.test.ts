import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { readAccountHeader, validateAccountRecord } from "./accounts-format";
import { CsvParser, type TCsvRecord } from "./csv";
import { validateExchangeLine } from "./exchanges-format";
import { isoTimestamp } from "./fields";

const FIXTURES = path.resolve(import.meta.dirname, "../../e2e/fixtures");

function records(text: string) {
  const p = new CsvParser();
  const out: TCsvRecord[] = [];
  p.push(text.replace(/^\uFEFF/, ""), out);
  p.end(out);
  return out;
}

describe("accounts.csv rows", () => {
  it("accepts every row of the contract's sample, keeping unknown columns as attributes", () => {
    const [head, ...rows] = records(readFileSync(path.join(FIXTURES, "accounts.sample.csv"), "utf8"));
    const h = readAccountHeader(head.fields);
    if (!h.ok) throw new Error(JSON.stringify(h.errors));
    const parsed = rows.map((r) => validateAccountRecord(h.header, r.line, r.fields));
    expect(parsed.every((p) => p.ok)).toBe(true);
    const second = parsed[1];
    if (!second.ok) throw new Error();
    expect(second.row).toMatchObject({ externalId: "acct_7f3a92", displayName: "Zhang, Kai", asn: 4134n, status: "banned", cluster: "hydra-A", attributes: { referral_code: "R-22" } });
  });

  it("says what is wrong with a row, by line and column", () => {
    const h = readAccountHeader(["account_id", "created_at", "country", "signup_ip", "asn", "status"]);
    if (!h.ok) throw new Error();
    const r = validateAccountRecord(h.header, 4127, ["a1", "yesterday", "Singapore", "300.1.1.1", "ASX", "deleted"]);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const byField = Object.fromEntries(r.errors.map((e) => [e.field, e.message]));
    expect(byField.created_at).toBe("line 4127: created_at 'yesterday' is not an ISO 8601 date-time with a time zone, e.g. 2026-04-22T00:00:03Z");
    expect(byField.country).toMatch(/two-letter/);
    expect(byField.signup_ip).toMatch(/not an IPv4 or IPv6/);
    expect(byField.asn).toMatch(/AS number/);
    expect(byField.status).toMatch(/active, suspended or banned/);
  });

  it("requires account_id and created_at in the header and the right number of fields", () => {
    expect(readAccountHeader(["email", "account_id"])).toMatchObject({ ok: false, errors: [{ field: "created_at" }] });
    const h = readAccountHeader(["account_id", "created_at"]);
    if (!h.ok) throw new Error();
    expect(validateAccountRecord(h.header, 2, ["a"])).toMatchObject({ ok: false, errors: [{ message: expect.stringMatching(/1 fields, but the header has 2/) }] });
  });
});

describe("exchanges.jsonl lines", () => {
  it("accepts every line of the contract's sample and computes missing prompt hashes", () => {
    const lines = readFileSync(path.join(FIXTURES, "exchanges.sample.jsonl"), "utf8").split("\n");
    const out = lines.map((l, i) => validateExchangeLine(i + 1, l)).filter((r) => r.ok !== "blank");
    expect(out.every((r) => r.ok === true)).toBe(true);
    const first = out[0];
    if (first.ok !== true) throw new Error();
    expect(first.row.promptSha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it("rejects bad JSON, non-objects and bad fields with actionable messages", () => {
    expect(validateExchangeLine(3, "{not json")).toMatchObject({ ok: false, errors: [{ line: 3, message: expect.stringMatching(/^line 3: not valid JSON/) }] });
    expect(validateExchangeLine(4, "[1,2]")).toMatchObject({ ok: false, errors: [{ message: expect.stringMatching(/one JSON object, got an array/) }] });
    const r = validateExchangeLine(5, JSON.stringify({ exchange_id: "e", account_id: "a", timestamp: "2026-02-30T00:00:00Z", model: "m", prompt_tokens: -1, prompt_sha256: "xyz", metadata: [1] }));
    if (r.ok !== false) throw new Error();
    expect(r.errors.map((e) => e.field).sort()).toEqual(["metadata", "prompt_sha256", "prompt_tokens", "timestamp"]);
  });

  it("keeps a 1 MB prompt whole, RTL text and emoji included", () => {
    const prompt = "مرحبا 😀 <script>".repeat(60_000);
    const r = validateExchangeLine(9, JSON.stringify({ exchange_id: "big", account_id: "a", timestamp: "2026-01-01T00:00:00Z", model: "m", prompt }));
    if (r.ok !== true) throw new Error(JSON.stringify(r));
    expect(r.row.prompt).toBe(prompt);
    expect(r.row.prompt!.length).toBeGreaterThan(1_000_000);
  });

  it("rejects NUL characters, which PostgreSQL cannot store", () => {
    const r = validateExchangeLine(1, JSON.stringify({ exchange_id: "e", account_id: "a", timestamp: "2026-01-01T00:00:00Z", model: "m", prompt: "a\u0000b" }));
    expect(r).toMatchObject({ ok: false, errors: [{ message: expect.stringMatching(/NUL/) }] });
  });

  it("refuses a lone surrogate in any text, by line and field, rather than store altered text", () => {
    const line = (extra: object) => JSON.stringify({ exchange_id: "e", account_id: "a", timestamp: "2026-01-01T00:00:00Z", model: "m", ...extra });
    // As a pipeline writes it: the escape, not the code unit.
    expect(validateExchangeLine(7, line({ prompt: "ab" }).replace('"ab"', '"a\\ud800b"'))).toEqual({
      ok: false,
      errors: [{ line: 7, field: "prompt", message: "line 7: prompt holds a lone surrogate (\\ud800) at character 2, which is not valid Unicode text; it is refused rather than stored altered" }],
    });
    const low = validateExchangeLine(2, line({ response: "x\udc00" }));
    expect(low).toMatchObject({ ok: false, errors: [{ field: "response", message: expect.stringContaining("response holds a lone surrogate (\\udc00) at character 2") }] });
    const nested = validateExchangeLine(3, line({ metadata: { tags: ["ok", "\udbff"] }, "k\ud800": 1 }));
    expect(nested.ok === false && nested.errors.map((e) => e.message)).toEqual([
      expect.stringContaining("metadata.tags[1] holds a lone surrogate (\\udbff)"),
      expect.stringContaining("k\\ud800 (its name) holds a lone surrogate (\\ud800)"),
    ]);
    // A surrogate pair is one real character (an emoji): kept exactly, as the hash shows.
    const pair = validateExchangeLine(4, line({ prompt: "x" }).replace('"x"', '"\\ud83d\\ude00"'));
    expect(pair).toMatchObject({ ok: true, row: { prompt: "😀", promptSha256: createHash("sha256").update("😀").digest("hex") } });
    // A timestamp holding one is refused without the message itself holding it.
    const ts = validateExchangeLine(5, line({ timestamp: "\ud800" }));
    expect(ts.ok === false && ts.errors.map((e) => e.message)).toEqual(expect.arrayContaining([expect.stringContaining("timestamp '\\ud800' is not")]));
  });

  it("never throws on hostile input: every line is a row or a clean rejection (property)", () => {
    const hostile = fc.oneof(fc.string({ unit: "binary" }), fc.constantFrom("<script>alert(1)</script>", "=cmd|' /C calc'!A0", "\u202Eevil", "😀".repeat(1000), "\\u0000", '"\\"'));
    fc.assert(
      fc.property(fc.record({ exchange_id: hostile, account_id: hostile, timestamp: hostile, model: hostile, prompt: hostile, response: hostile }, { requiredKeys: [] }), fc.boolean(), (obj, raw) => {
        const line = raw ? Object.values(obj).join("") : JSON.stringify(obj);
        const r = validateExchangeLine(1, line);
        if (r.ok === false) for (const e of r.errors) expect(e.message).toMatch(/^line 1: /);
        // Nothing that reaches the database holds a lone surrogate: not a row's text, not a message.
        if (r.ok !== "blank") expect(JSON.stringify(r).match(/(?<!\\)\\ud[89a-f]/i)).toBeNull();
      }),
      { numRuns: 500 },
    );
  });
});

describe("timestamps", () => {
  it("accepts ISO 8601 with an offset and refuses the rest", () => {
    expect(isoTimestamp("t", "2026-04-19T11:02:55+08:00")).toMatchObject({ ok: true, value: new Date("2026-04-19T03:02:55Z") });
    expect(isoTimestamp("t", "2026-04-22T00:00:05.250+00:00")).toMatchObject({ ok: true });
    expect(isoTimestamp("t", "2026-04-22T00:00:05").ok).toBe(false);
    expect(isoTimestamp("t", "2026-13-01T00:00:00Z").ok).toBe(false);
    expect(isoTimestamp("t", 1713400000).ok).toBe(false);
  });
});
