import { parse } from "csv-parse/sync";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { csvCell, csvRow } from "./csv-out";

describe("CSV output", () => {
  it("neutralises spreadsheet formulas", () => {
    expect(csvCell("=HYPERLINK(\"http://x\")")).toBe(`"'=HYPERLINK(""http://x"")"`);
    expect(csvCell("+1")).toBe("'+1");
    expect(csvCell("-2")).toBe("'-2");
    expect(csvCell("@SUM(A1)")).toBe("'@SUM(A1)");
    expect(csvCell("plain")).toBe("plain");
    expect(csvCell("\t=1")).toBe("'\t=1");
    expect(csvCell("\r=1")).toBe(`"'\r=1"`);
    expect(csvCell("\uFEFF=1")).toBe("'\uFEFF=1");
  });
  it("quotes commas, quotes and line breaks", () => {
    expect(csvRow(["a,b", 'say "hi"', "two\nlines", null, 3])).toBe('"a,b","say ""hi""","two\nlines",,3\r\n');
  });
});

describe("CSV output, parsed back (property)", () => {
  const FORMULA = /^[=+\-@\t\r]/;
  const text = fc.oneof(
    fc.string({ unit: "grapheme", maxLength: 12 }),
    fc.string({ unit: fc.constantFrom("=", "+", "-", "@", "\t", "\r", "\n", '"', ",", "'", " ", "a", "\uFEFF", "😀"), maxLength: 10 }),
    fc.constantFrom("=HYPERLINK(\"http://evil\",\"x\")", "=cmd|' /C calc'!A0", "@SUM(1+1)*cmd|' /C calc'!A0", "-2+3", "+1", "\t=1", "\r=1", "\uFEFF=1", "<script>alert(1)</script>"),
  );
  const value = fc.oneof(text, fc.integer(), fc.bigInt(), fc.constant(null), fc.constant(undefined));
  const asText = (v: unknown) => (v === null || v === undefined ? "" : String(v));

  it("no cell starts a formula, and every other character comes back as written", () => {
    fc.assert(
      fc.property(fc.array(fc.array(value, { minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 5 }), (rows) => {
        const back = parse(rows.map(csvRow).join(""), { relax_column_count: true }) as string[][];
        expect(back).toHaveLength(rows.length);
        back.forEach((cells, r) => {
          expect(cells).toHaveLength(rows[r].length);
          cells.forEach((cell, c) => {
            const original = asText(rows[r][c]);
            expect(FORMULA.test(cell.replace(/^\uFEFF/, ""))).toBe(false);
            // Neutralised means one apostrophe in front, nothing else changed.
            expect(cell).toBe(/^\uFEFF?[=+\-@\t\r]/.test(original) ? `'${original}` : original);
          });
        });
      }),
      { numRuns: 2000 },
    );
  });
});
