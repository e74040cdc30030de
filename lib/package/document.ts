// The content of an evidence package's PDF as plain data. The assembler (lib/package/assemble)
// builds it from a case and an approved export; the renderer (lib/package/pdf) lays it out into
// explicit pages and draws it. Nothing here knows about React, Prisma or the case: pure types.
import type { TChartSpec } from "@/lib/figures/chart-spec";

/** A run of text inside a paragraph. Untrusted text only ever arrives here as `text`. */
export type TInline =
  | { kind: "text"; text: string; bold?: boolean; italic?: boolean; code?: boolean }
  /**
   * A citation of an anchor (an exhibit, a figure, an appendix). The renderer writes it as the
   * anchor's Bates range, e.g. "CB-0001234–CB-0001240" (one number when it fits one page), and
   * makes it an internal link to the anchor's first page.
   */
  | { kind: "ref"; anchor: string; prefix?: string };

export type TBlock =
  | { kind: "heading"; level: 1 | 2 | 3; text: string; anchor?: string }
  | { kind: "paragraph"; inlines: TInline[] }
  | { kind: "list"; ordered: boolean; items: TInline[][] }
  | { kind: "quote"; inlines: TInline[] }
  /** Verbatim text (prompts, responses, code): keeps spaces and line breaks, wraps long lines. */
  | { kind: "pre"; text: string; label?: string; highlights?: Array<{ start: number; end: number }> }
  /** Label / value pairs, e.g. an exhibit's metadata. */
  | { kind: "fields"; rows: Array<[label: string, value: string]> }
  /**
   * A table that may run over many pages (a cluster appendix of 25,000 accounts). Nothing is cut:
   * columns are as wide as their content asks (`width` shares out what is left), a value too long
   * for its column wraps and its row grows; the header repeats on every page. `small`: a smaller
   * face, for tables of many columns.
   */
  | { kind: "table"; columns: Array<{ label: string; width: number; align?: "left" | "right" }>; rows: string[][]; size?: "small" }
  | { kind: "chart"; chart: TChartSpec; anchor?: string }
  /** Small grey text: provenance, "withheld: see the redaction log". */
  | { kind: "note"; text: string }
  | { kind: "pageBreak" };

export type TSection = {
  /** Unique in the document; refs and the table of contents point here. */
  anchor: string;
  title: string;
  /** Shown in the table of contents (default true). */
  toc?: boolean;
  /** Start on a fresh page (default true). */
  newPage?: boolean;
  /** Landscape pages, for a table of many columns (a section that turns always starts a page). */
  landscape?: boolean;
  blocks: TBlock[];
};

export type TPackageDocument = {
  /** PDF Info dictionary. `createdAt` is the approval time: the same export renders the same bytes. */
  meta: { title: string; subject: string; author: string; keywords: string; createdAt: Date };
  /** The handling marking on every page, e.g. "CONFIDENTIAL — LEGAL REFERRAL — CB-2026-0007". */
  marking: string;
  /** Bates numbering: prefix and the first number of this production (continues the case's log). */
  bates: { prefix: string; start: number; digits: number };
  cover: {
    title: string;
    subtitle: string;
    /** Label / value lines under the title: case, profile, export id, approver, covered audit head… */
    fields: Array<[string, string]>;
    /** A short paragraph at the bottom of the cover (e.g. the handling instruction). */
    notice: string;
  };
  sections: TSection[];
};

export type TRenderedPdf = {
  bytes: Uint8Array;
  pageCount: number;
  /** Bates numbers of the first and last page, formatted ("CB-0001234"). */
  batesFirst: string;
  batesLast: string;
  /** First and last page number (1-based) of every section and anchored block. */
  anchors: Record<string, { first: number; last: number }>;
};

export function formatBates(bates: TPackageDocument["bates"], pageIndex: number): string {
  return `${bates.prefix}-${String(bates.start + pageIndex).padStart(bates.digits, "0")}`;
}
