// The package PDF checked with the real tools (poppler's pdftotext / pdffonts, qpdf): structure,
// Bates numbers and marking on every page, the table of contents, citations, scripts, determinism.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { formatBates } from "@/lib/package/document";
import { CONTENT_H, PAGE, refLabel } from "./layout";
import { renderPackagePdf } from "./render";
import { MULTILINGUAL, sampleDocument } from "./sample";

const doc = sampleDocument({ exhibits: 3, tableRows: 300 });
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cb-pdf-"));
const file = path.join(dir, "package.pdf");
const run = (cmd: string, ...args: string[]) => execFileSync(cmd, args, { encoding: "utf8" });
// pdftotext gives Arabic as presentation forms and wraps right-to-left runs in embedding marks.
const norm = (s: string) => s.normalize("NFKC").replace(/[\u200B-\u200F\u202A-\u202E]/g, "").replace(/\s+/g, " ");

let result: Awaited<ReturnType<typeof renderPackagePdf>>;
let pages: string[];

beforeAll(async () => {
  result = await renderPackagePdf(doc);
  fs.writeFileSync(file, result.bytes);
  pages = run("pdftotext", "-enc", "UTF-8", file, "-").split("\f").slice(0, -1).map(norm);
}, 30_000);

describe("renderPackagePdf", () => {
  it("writes a valid PDF with the page count the layout computed", async () => {
    expect(() => run("qpdf", "--check", file)).not.toThrow();
    expect(Number(run("qpdf", "--show-npages", file).trim())).toBe(result.pageCount);
    expect(pages).toHaveLength(result.pageCount);
    expect(result.batesFirst).toBe("CB-0001234");
    expect(result.batesLast).toBe(formatBates(doc.bates, result.pageCount - 1));
  });

  it("draws every line where the layout put it: nothing overflows a page, a box or a neighbour", () => {
    // react-pdf never adds a page for absolutely placed text, so overflow is looked for in the
    // drawn result: a line react-pdf had to wrap again lands outside the content area or on top
    // of the next line.
    const xml = run("pdftotext", "-bbox", file, "-");
    const problems: string[] = [];
    xml.split("<page ").slice(1).forEach((page, p) => {
      const words = [...page.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g)].map((m) => ({ x0: +m[1], y0: +m[2], x1: +m[3], y1: +m[4], t: m[5] }));
      const footerTop = PAGE.height - 54;
      for (const w of words) {
        if (w.x1 > PAGE.width - PAGE.marginX + 2) problems.push(`page ${p + 1}: "${w.t}" runs into the right margin`);
        if (w.y0 < footerTop && w.y1 > PAGE.top + CONTENT_H + 3) problems.push(`page ${p + 1}: "${w.t}" runs below the content area`);
      }
      for (let i = 0; i < words.length; i++)
        for (let j = i + 1; j < words.length; j++) {
          const a = words[i];
          const b = words[j];
          const dx = Math.min(a.x1, b.x1) - Math.max(a.x0, b.x0);
          // Glyph boxes of scripts with tall metrics (Arabic) overlap the next line's; centres do not.
          const dy = Math.abs((a.y0 + a.y1) / 2 - (b.y0 + b.y1) / 2);
          if (dx > 1 && dy < 6) problems.push(`page ${p + 1}: "${a.t}" overlaps "${b.t}"`);
        }
    });
    expect(problems.slice(0, 5)).toEqual([]);
  });

  it("puts the Bates number, the marking and Page n of N on every page", () => {
    pages.forEach((text, i) => {
      expect(text.includes(formatBates(doc.bates, i)), `Bates on page ${i + 1}`).toBe(true);
      expect(text.includes(norm(doc.marking)), `marking on page ${i + 1}`).toBe(true);
      expect(text.includes(`Page ${i + 1} of ${result.pageCount}`)).toBe(true);
    });
  });

  it("lists the sections in the table of contents with their first pages", () => {
    const toc = pages[1];
    expect(toc).toContain("Contents");
    for (const s of doc.sections.filter((x) => x.toc !== false)) expect(toc).toContain(`${s.title} ${result.anchors[s.anchor].first}`);
    expect(toc).not.toContain("Redaction log");
    const findings = result.anchors.findings.first;
    expect(pages[findings - 1]).toContain("Findings");
  });

  it("writes a citation as the Bates range of its target, forward refs included", () => {
    const ex1 = result.anchors["ex-1"];
    expect(ex1.first).toBeGreaterThan(result.anchors.findings.first);
    const label = refLabel(doc, result, "ex-1");
    expect(label).toBe(`${formatBates(doc.bates, ex1.first - 1)}–${formatBates(doc.bates, ex1.last - 1)}`);
    const findings = pages[result.anchors.findings.first - 1];
    expect(findings).toContain(`see ${label}`);
    expect(findings).toContain(refLabel(doc, result, "appendix-a"));
    expect(findings).toContain("[missing exhibit]");
    expect(pages[ex1.first - 1]).toContain("Exhibit 1: sample 1001");
  });

  it("draws CJK, Korean, Arabic, Hebrew, emoji and symbols (→ ≥ ✓) as extractable text in embedded fonts", () => {
    const all = pages.join(" ");
    expect(all.includes(MULTILINGUAL.cjk)).toBe(true);
    expect(all.includes(MULTILINGUAL.korean)).toBe(true);
    expect(all.includes(MULTILINGUAL.symbols)).toBe(true);
    expect(all.includes(MULTILINGUAL.hebrew)).toBe(true);
    expect(all.includes(MULTILINGUAL.emoji)).toBe(true);
    // Arabic comes back as presentation forms (NFKC folds them), but a medial letter that shares its
    // skeleton glyph with another (yeh / teh in "التفكير") maps back to the first one in ToUnicode.
    const arabic = norm(MULTILINGUAL.arabic).split(" ");
    expect(all.includes(arabic.slice(0, 2).join(" "))).toBe(true);
    expect(all.includes(arabic[2].slice(0, 4))).toBe(true);
    const fonts = run("pdffonts", file).trim().split("\n").slice(2);
    expect(fonts.length).toBeGreaterThan(4);
    for (const line of fonts) expect(line).toMatch(/ yes yes yes /);
    expect(fonts.join("\n")).toMatch(/NotoSansSC/);
    expect(fonts.join("\n")).toMatch(/NotoSansKR/);
    expect(fonts.join("\n")).toMatch(/NotoSansArabic/);
    expect(fonts.join("\n")).toMatch(/NotoSansHebrew/);
    expect(fonts.join("\n")).toMatch(/NotoEmoji/);
  });

  it("splits a 300-row table over pages and repeats its header on each", () => {
    const a = result.anchors["appendix-a"];
    expect(a.last).toBeGreaterThan(a.first + 3);
    let rows = 0;
    for (let p = a.first; p <= a.last; p++) {
      const text = pages[p - 1];
      if (!text.includes("acct_")) continue;
      for (const label of ["Account", "Email", "Country", "Exchanges", "Created"]) expect(text.includes(label)).toBe(true);
      rows += (text.match(/@example\.org/g) ?? []).length;
    }
    expect(rows).toBe(300);
    expect(pages[a.first - 1]).toContain("user0@example.org");
    expect(pages.join(" ")).toContain("user299@example.org");
  });

  it("sets the PDF info from the document and renders the same bytes twice", async () => {
    const info = run("pdfinfo", file);
    expect(info).toMatch(/Title:\s+Evidence package CB-2026-0007/);
    expect(info).toMatch(/Creator:\s+Casebook/);
    expect(info).toMatch(/Producer:\s+Casebook/);
    expect(info).toMatch(/CreationDate:\s+Mon Nov 30 10:00:00 2026 UTC/);
    expect(info).toMatch(/ModDate:\s+Mon Nov 30 10:00:00 2026 UTC/);
    const again = await renderPackagePdf(doc);
    expect(Buffer.compare(Buffer.from(again.bytes), Buffer.from(result.bytes))).toBe(0);
  }, 20_000);

  it("keeps every table row on one line, cells with spaces included, so columns never drift apart", async () => {
    // The appendix's own columns: the created-at cell is cut close to its column's width.
    const rows = Array.from({ length: 30 }, (_, i) => [`acct_q${i}`, `2026-04-1${i % 10} 0${i % 10}:32`, `kai.${i}@example.com`, "SG", "203.0.113.184", "pf_52d802", `org_${i}`]);
    const cols = [0.16, 0.14, 0.22, 0.07, 0.13, 0.14, 0.14].map((width, i) => ({ label: `c${i}`, width }));
    const r = await renderPackagePdf({ ...doc, sections: [{ anchor: "t", title: "Table", blocks: [{ kind: "table", columns: cols, rows }] }] });
    const f = path.join(dir, "table.pdf");
    fs.writeFileSync(f, r.bytes);
    const lines = run("pdftotext", "-layout", "-enc", "UTF-8", f, "-").split("\n").filter((l) => /^\s*acct_q\d+ /.test(l));
    expect(lines).toHaveLength(30);
    lines.forEach((l, i) => expect(l).toMatch(new RegExp(`acct_q${i}\\s+2026-04-1${i % 10}\\S*.*kai\\.${i}@example\\.com\\s+SG\\s+203\\.0\\.113\\.184`)));
  });
});
