import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CsvParser, CsvSyntaxError, type TCsvRecord } from "./csv";

function parse(text: string, chunk = Infinity): TCsvRecord[] {
  const p = new CsvParser();
  const out: TCsvRecord[] = [];
  for (let i = 0; i < text.length; i += chunk === Infinity ? text.length || 1 : chunk) p.push(text.slice(i, i + (chunk === Infinity ? text.length : chunk)), out);
  p.end(out);
  return out;
}

function encode(rows: string[][], eol: string) {
  return rows.map((r) => r.map((f) => (/[",\r\n]/.test(f) || f === "" ? `"${f.replace(/"/g, '""')}"` : f)).join(",")).join(eol) + eol;
}

describe("CSV parser", () => {
  it("reads quotes, doubled quotes, commas and line breaks inside fields, with line numbers", () => {
    const text = 'a,b\r\n1,"x, ""y"""\r\n2,"multi\nline"\n3,z';
    expect(parse(text)).toEqual([
      { line: 1, fields: ["a", "b"] },
      { line: 2, fields: ["1", 'x, "y"'] },
      { line: 3, fields: ["2", "multi\nline"] },
      { line: 5, fields: ["3", "z"] },
    ]);
  });

  it("skips blank lines and keeps empty fields", () => {
    expect(parse("a,,c\n\n,,\n")).toEqual([
      { line: 1, fields: ["a", "", "c"] },
      { line: 3, fields: ["", "", ""] },
    ]);
  });

  it("reports a stray quote and an unclosed quote by line", () => {
    expect(() => parse('a,b\n1,x"y\n')).toThrow(/line 2: a quote inside an unquoted field/);
    expect(() => parse('a,b\n1,"open\n2,3\n')).toThrow(CsvSyntaxError);
    expect(() => parse('a\n"x"y\n')).toThrow(/line 2: unexpected text after a closing quote/);
  });

  it("gives the same records whatever the chunking, for any fields (property)", () => {
    const field = fc.oneof(fc.string(), fc.constantFrom('"', ",", "\n", "\r\n", "😀", "مرحبا", ""));
    fc.assert(
      fc.property(fc.array(fc.array(field, { minLength: 2, maxLength: 4 }), { minLength: 1, maxLength: 8 }), fc.constantFrom("\n", "\r\n"), fc.integer({ min: 1, max: 7 }), (rows, eol, chunk) => {
        const text = encode(rows, eol);
        const whole = parse(text).map((r) => r.fields);
        expect(parse(text, chunk).map((r) => r.fields)).toEqual(whole);
        expect(whole).toEqual(rows);
      }),
      { numRuns: 300 },
    );
  });
});
