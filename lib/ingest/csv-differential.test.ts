// Our CSV parser cross-checked against csv-parse, the well-kept library: on random and hostile text
// both must give the same records, or both must refuse the text. Ours is fed in random chunk sizes,
// as the importer feeds it, so a record split across chunks is checked too.
import { parse } from "csv-parse/sync";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CsvParser, type TCsvRecord } from "./csv";

// csv-parse set to the contract (shared/formats/README.md): RFC 4180, strict quotes, `\n`, `\r\n`
// (and a lone `\r`, which ours also ends a record on), blank lines skipped, a leading BOM dropped
// (our decoder drops it before the parser sees the text), rows of any length (the header check is
// the format's job, not the parser's).
const REFERENCE = { bom: true, relax_column_count: true, skip_empty_lines: true, record_delimiter: ["\r\n", "\n", "\r"] };

type TOutcome = { ok: true; records: string[][] } | { ok: false };

function reference(text: string): TOutcome {
  try {
    return { ok: true, records: parse(text, REFERENCE) as string[][] };
  } catch {
    return { ok: false };
  }
}

function ours(text: string, chunks: number[]): TOutcome {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const p = new CsvParser();
  const out: TCsvRecord[] = [];
  try {
    let i = 0;
    for (const n of chunks) {
      if (i >= body.length) break;
      p.push(body.slice(i, i + n), out);
      i += n;
    }
    if (i < body.length) p.push(body.slice(i), out);
    p.end(out);
    return { ok: true, records: out.map((r) => r.fields) };
  } catch {
    return { ok: false };
  }
}

const HOSTILE = [
  "<script>alert(1)</script>",
  "=HYPERLINK(\"http://x\",\"y\")",
  "' OR 1=1 --",
  "\u202Eevil.exe",
  "😀🇸🇬",
  "漢字",
  "\uFEFF",
  "\\",
  "\t",
  " ",
  "",
  '"',
  '""',
  ",",
  "\r",
  "\n",
  "\r\n",
];
const piece = fc.oneof(fc.constantFrom(...HOSTILE), fc.string({ unit: fc.constantFrom("a", "b", " ", '"', ",", "\r", "\n", "é", "😀", "\uFEFF"), maxLength: 8 }), fc.string({ unit: "grapheme", maxLength: 6 }));
const field = fc.array(piece, { maxLength: 4 }).map((ps) => ps.join(""));
const chunkSizes = fc.array(fc.integer({ min: 1, max: 7 }), { maxLength: 40 });

/** Writes records as a careful producer does: quotes a field when it must (or, at random, anyway). */
function encode(rows: { fields: string[]; quote: boolean[]; eol: string }[], bom: boolean, finalEol: boolean): string {
  const text = rows.map((r) => r.fields.map((f, i) => (r.quote[i] || /[",\r\n]/.test(f) || (r.fields.length === 1 && f === "") ? `"${f.replace(/"/g, '""')}"` : f)).join(",") + r.eol).join("");
  return (bom ? "\uFEFF" : "") + (finalEol ? text : text.replace(/(\r\n|\n|\r)$/, ""));
}

describe("CSV parser against csv-parse", () => {
  it("agrees on every record of well-formed files written by a producer (property)", () => {
    const row = fc.record({ fields: fc.array(field, { minLength: 1, maxLength: 5 }), quote: fc.array(fc.boolean(), { minLength: 5, maxLength: 5 }), eol: fc.constantFrom("\n", "\r\n", "\r") });
    fc.assert(
      fc.property(fc.array(row, { maxLength: 6 }), fc.boolean(), fc.boolean(), chunkSizes, (rows, bom, finalEol, chunks) => {
        const text = encode(rows, bom, finalEol);
        const expected = reference(text);
        expect(expected.ok).toBe(true);
        expect(ours(text, chunks)).toEqual(expected);
      }),
      { numRuns: 3000 },
    );
  });

  it("agrees on arbitrary text: the same records, or both refuse it (property)", () => {
    const text = fc.array(fc.oneof(piece, fc.constantFrom('"', '","', '"\r\n"', '""', "a,b\n")), { maxLength: 12 }).map((ps) => ps.join(""));
    fc.assert(
      fc.property(text, chunkSizes, (t, chunks) => {
        const expected = reference(t);
        const got = ours(t, chunks);
        expect(got.ok).toBe(expected.ok);
        if (expected.ok) expect(got).toEqual(expected);
      }),
      { numRuns: 5000 },
    );
  });

  it("agrees on the hand-picked cases that once differed or could", () => {
    for (const t of ['""\n', 'a\n""\nb', '"",""', "a,\n", ",\n,", '"a"b', 'a"b', '"a', ' "a"', '"a" ', "a\r\rb", "\uFEFFa,b", "a\uFEFF,b", '"\r\n"\r\n', "\n\r\n\r", "a\r", '"x"\r']) {
      expect(ours(t, [t.length || 1]), JSON.stringify(t)).toEqual(reference(t));
    }
  });
});
