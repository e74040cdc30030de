// Writes react-pdf pages into one PDF a batch at a time. renderToBuffer lays out every page of the
// document before drawing the first (a 1,300-page package held ~3 GB of glyph runs); here each batch
// goes through react-pdf's own layout and render steps into one shared pdfkit document and is then
// dropped, so memory stays at one batch. Same packages react-pdf itself drives (@react-pdf/layout,
// @react-pdf/render, pdfkit: dependencies of @react-pdf/renderer, pinned by it).
import { Document, Font, pdf } from "@react-pdf/renderer";
import layoutDocument from "@react-pdf/layout";
import renderPdf from "@react-pdf/render";
import PDFDocument from "pdfkit";
import { createElement, type ReactElement } from "react";

export type TPdfInfo = { Title: string; Subject: string; Author: string; Keywords: string; Creator: string; Producer: string; CreationDate: Date; ModDate: Date };

/** The pdfkit document, with the one internal writePdf trims (pdfkit 0.20; pinned by
 *  pdf-writer.test.ts, which fails loudly when an upgrade renames it). */
type TPdfKit = PDFKit.PDFDocument & {
  /** pdfkit's fonts by name, each with its cache of shaped words. */
  _fontFamilies?: Record<string, { layoutCache?: Record<string, unknown> }>;
};
type TContainer = { document: unknown };

/**
 * `page(i)` makes page i's element when its batch comes, so only one batch exists at a time.
 * Between batches it lets the event loop run (a job's heartbeat, a signal) and stops with the
 * signal's reason once `signal` aborts.
 */
export async function writePdf(count: number, page: (i: number) => ReactElement, info: TPdfInfo, opts: { batch?: number; signal?: AbortSignal } = {}): Promise<Uint8Array> {
  const batch = opts.batch ?? 20;
  // What react-pdf's own renderer passes (lib/react-pdf.js), with the Info keys spelled as PDF wants.
  const ctx: TPdfKit = new PDFDocument({ compress: true, displayTitle: true, autoFirstPage: false, info });
  const chunks: Buffer[] = [];
  ctx.on("data", (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve, reject) => {
    ctx.on("end", () => resolve());
    ctx.on("error", reject);
  });
  const end = ctx.end.bind(ctx);
  const layout = layoutDocument as unknown as (doc: unknown, fonts: typeof Font) => Promise<unknown>;
  const render = renderPdf as unknown as (ctx: TPdfKit, doc: unknown) => unknown;
  try {
    for (let i = 0; i < count; i += batch) {
      // A batch's layout awaits only settled promises: without a macrotask turn here a long
      // document would starve timers for its whole render (no heartbeat: another worker would
      // take the job as dead) and a SIGTERM would wait for the end.
      await new Promise((resolve) => setImmediate(resolve));
      opts.signal?.throwIfAborted();
      const pages = Array.from({ length: Math.min(batch, count - i) }, (_, k) => page(i + k));
      const { container } = pdf(createElement(Document, null, ...pages)) as unknown as { container: TContainer };
      const laid = await layout(container.document, Font);
      // @react-pdf/render ends the document after its pages: only the last batch may.
      ctx.end = i + batch >= count ? end : () => ctx;
      render(ctx, laid);
      // pdfkit keeps every word it has shaped for the life of the document, and a 25,000-account
      // appendix's ids, emails and addresses are words seen once: a font's cache is dropped once it
      // holds 20,000 (measured: peak RSS 1,415 MB kept, 1,208 MB dropped; dropping after every
      // batch saved 60 MB more and cost 15% of the render, the prompts' words being shaped again).
      for (const font of Object.values(ctx._fontFamilies ?? {})) if (font.layoutCache && Object.keys(font.layoutCache).length > 20_000) font.layoutCache = Object.create(null);
    }
  } finally {
    ctx.end = end;
  }
  if (count === 0) ctx.end();
  await done;
  const bytes = Buffer.concat(chunks);
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
