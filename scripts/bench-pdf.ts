// Benchmarks the package PDF at the scale of the legal-referral issue: a 25,000-row account table
// and 500 exhibits (fields + a 1–3 KB prompt + a 2–5 KB response). Target: < 60 s, < 1.5 GB RSS.
//   npx tsx scripts/bench-pdf.ts [exhibits] [tableRows] [out.pdf]
import fs from "node:fs";
import { renderPackagePdf } from "@/lib/package/pdf/render";
import { sampleDocument } from "@/lib/package/pdf/sample";

const exhibits = Number(process.argv[2] ?? 500);
const tableRows = Number(process.argv[3] ?? 25_000);
const out = process.argv[4];

const doc = sampleDocument({ exhibits, tableRows });
const started = performance.now();
const pdf = await renderPackagePdf(doc);
const seconds = (performance.now() - started) / 1000;
if (out) fs.writeFileSync(out, pdf.bytes);
const peakMb = process.resourceUsage().maxRSS / 1024;
console.log(
  `exhibits ${exhibits}, table rows ${tableRows}: ${pdf.pageCount} pages (${pdf.batesFirst}–${pdf.batesLast}), ` +
    `${(pdf.bytes.byteLength / 1e6).toFixed(1)} MB, ${seconds.toFixed(1)} s, peak RSS ${peakMb.toFixed(0)} MB`,
);
