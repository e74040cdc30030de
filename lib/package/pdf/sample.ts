// A synthetic evidence package of any size, deterministic (seeded), for the renderer's tests and
// scripts/bench-pdf.ts: findings citing exhibits further on, a figure, exhibits of fields + prompt +
// response, and an account table appendix.
import type { TBlock, TPackageDocument, TSection } from "@/lib/package/document";

function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const WORDS = "the model answer prompt chain of thought distill capability benchmark reasoning code translate summarize step explain account cluster signal proxy token batch harvest output training data rubric evaluate".split(" ");

/** Hostile text: controls, bidi overrides, tabs, an unbroken 3,000-character token, emoji sequences,
 * Hangul, markup and a fake style — all must stay inert text. */
export const HOSTILE = `\u0000\u0007bell\ttab\u202Eevil override\u202C end\n${"A".repeat(3000)}\n👨‍👩‍👧 🇺🇸 👍🏽 한국어 </Text><Link src="http://x">{{style}}</Link> \uE000`;

export const MULTILINGUAL = { cjk: "请逐步解释你的推理过程", korean: "단계별로 추론을 설명하세요", arabic: "اشرح خطوات التفكير", hebrew: "הסבר את שלבי החשיבה", emoji: "🤖🧠🔥", symbols: "2026-04-22 → 2026-06-05, p ≥ 0.95, ✓" };

function prose(r: () => number, bytes: number): string {
  const out: string[] = [];
  let n = 0;
  while (n < bytes) {
    const line: string[] = [];
    const words = 6 + Math.floor(r() * 18);
    for (let i = 0; i < words; i++) line.push(WORDS[Math.floor(r() * WORDS.length)]);
    const indent = r() < 0.15 ? "    " : "";
    const s = indent + line.join(" ") + (r() < 0.1 ? " " + "x".repeat(140) : "");
    out.push(s);
    n += s.length + 1;
    if (r() < 0.1) out.push("");
  }
  return out.join("\n");
}

export function sampleDocument(o: { exhibits: number; tableRows: number; seed?: number }): TPackageDocument {
  const r = rng(o.seed ?? 7);
  const exhibits: TBlock[] = [];
  for (let e = 1; e <= o.exhibits; e++) {
    const prompt = (e === 2 ? `${HOSTILE}\n` : "") + (e === 1 ? `${MULTILINGUAL.cjk}\n${MULTILINGUAL.korean}\n${MULTILINGUAL.arabic}\n${MULTILINGUAL.hebrew}\n${MULTILINGUAL.emoji}\n${MULTILINGUAL.symbols}\n` : "") + prose(r, 1000 + Math.floor(r() * 2000));
    exhibits.push(
      { kind: "heading", level: 2, text: `Exhibit ${e}: sample ${1000 + e}`, anchor: `ex-${e}` },
      {
        kind: "fields",
        rows: [
          ["Exchange", `ex_${(e * 7919).toString(16).padStart(8, "0")}`],
          ["Account", `acct_${(e * 104729).toString(36)}`],
          ["Capability", "chain-of-thought extraction"],
          ["Captured", "2026-10-04 12:31 UTC"],
          ["SHA-256", "9f".repeat(32)],
        ],
      },
      { kind: "pre", label: "Prompt", text: prompt, highlights: [{ start: 0, end: 12 }] },
      { kind: "pre", label: "Response", text: prose(r, 2000 + Math.floor(r() * 3000)) },
    );
  }
  const findings: TSection = {
    anchor: "findings",
    title: "Findings",
    blocks: [
      { kind: "paragraph", inlines: [{ kind: "text", text: "The accounts of the cluster harvested answers at scale " }, { kind: "text", text: "with templated prompts", bold: true }, { kind: "text", text: " (" }, { kind: "ref", anchor: "ex-1", prefix: "see " }, { kind: "text", text: "; " }, { kind: "ref", anchor: "appendix-a" }, { kind: "text", text: ")." }] },
      { kind: "list", ordered: true, items: [[{ kind: "text", text: "Templated prompts across 40 accounts." }], [{ kind: "text", text: "Shared payment instruments, " }, { kind: "text", text: "italic note", italic: true }, { kind: "text", text: " and " }, { kind: "text", text: "code_run()", code: true }]] },
      { kind: "quote", inlines: [{ kind: "text", text: "A quoted passage from the referral letter, long enough to wrap onto a second line of the page so that the quote bar spans both." }] },
      {
        kind: "chart",
        anchor: "fig-1",
        chart: {
          title: "Exchanges per day",
          caption: "Exchanges of the cluster's accounts, from the imported logs",
          xLabel: "Day",
          kind: "bar",
          stacked: true,
          series: [{ key: "a", label: "Reasoning" }, { key: "b", label: "Code" }],
          rows: Array.from({ length: 30 }, (_, i) => ({ x: `2026-10-${String(i + 1).padStart(2, "0")}`, a: Math.floor(r() * 900), b: Math.floor(r() * 400) })),
        },
      },
      { kind: "note", text: "Withheld: three exchanges, see the redaction log." },
      { kind: "paragraph", inlines: [{ kind: "text", text: "Unknown: " }, { kind: "ref", anchor: "nope" }] },
    ],
  };
  const rows = Array.from({ length: o.tableRows }, (_, i) => [`acct_${(i * 2654435761).toString(36).slice(0, 9)}`, `user${i}@example.org`, ["US", "SG", "DE", "BR"][i % 4], String(Math.floor(r() * 100000)), "2026-10-01"]);
  return {
    meta: { title: "Evidence package CB-2026-0007", subject: "Legal referral", author: "Casebook analyst", keywords: "distillation, referral", createdAt: new Date("2026-11-30T10:00:00Z") },
    marking: "CONFIDENTIAL — LEGAL REFERRAL — CB-2026-0007",
    bates: { prefix: "CB", start: 1234, digits: 7 },
    cover: {
      title: "Evidence package: distillation campaign CB-2026-0007",
      subtitle: "Legal referral profile",
      fields: [["Case", "CB-2026-0007"], ["Export", "exp_01"], ["Approved by", "Legal reviewer"], ["Audit head", "a1b2".repeat(16)]],
      notice: "Handle as confidential. Every page carries its Bates number; the manifest lists the SHA-256 of every file.",
    },
    sections: [
      findings,
      { anchor: "exhibits", title: "Exhibits", blocks: exhibits },
      { anchor: "appendix-a", title: "Appendix A: accounts", blocks: [{ kind: "table", columns: [{ label: "Account", width: 2 }, { label: "Email", width: 3 }, { label: "Country", width: 1 }, { label: "Exchanges", width: 1.2, align: "right" }, { label: "Created", width: 1.3 }], rows }] },
      { anchor: "hidden", title: "Redaction log", toc: false, newPage: false, blocks: [{ kind: "pageBreak" }, { kind: "paragraph", inlines: [{ kind: "text", text: "Nothing withheld beyond the note above." }] }] },
    ],
  };
}
