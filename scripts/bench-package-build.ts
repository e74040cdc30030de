// One measured package build in a process of its own, so that its peak RSS (getrusage's maxRSS)
// is the build's alone and not the bench's seeding (used by scripts/bench-package.ts):
//   bench-package-build.ts build EXPORT_ID OUT.zip   buildPackage end to end; the zip goes to OUT.zip
//   bench-package-build.ts render EXPORT_ID          the same PDF rendered alone (read and assembled first, untimed)
// Prints one JSON line on stdout.
import { writeFileSync } from "node:fs";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { db, disconnectDb } from "../lib/db.ts";
import { assemblePackage } from "../lib/exports/assemble.ts";
import { batesStartOf, buildPackage } from "../lib/exports/build.ts";
import { loadPackageInput } from "../lib/exports/load.ts";
import { renderPackagePdf } from "../lib/package/pdf/render.tsx";

const [mode, exportId, out] = process.argv.slice(2);
const x = await db().exportPackage.findUniqueOrThrow({ where: { id: exportId } });
const peakMb = () => process.resourceUsage().maxRSS / 1024;

if (mode === "build") {
  const marks: Array<{ step: string; at: number }> = [];
  // The longest the build keeps the event loop from a worker's heartbeat (CASEBOOK_JOB_STALE_MS).
  const stalls = monitorEventLoopDelay({ resolution: 20 });
  stalls.enable();
  const t0 = performance.now();
  const built = await buildPackage(x, (p) => marks.push({ step: p.step, at: performance.now() }));
  const secs = (performance.now() - t0) / 1000;
  stalls.disable();
  const rss = peakMb();
  writeFileSync(out, built.zip);
  // How long each step took: from its progress mark to the next (the last to the end).
  const steps = marks.map((m, i) => ({ step: m.step, secs: ((marks[i + 1]?.at ?? t0 + secs * 1000) - m.at) / 1000 }));
  console.log(JSON.stringify({ secs, peakMb: rss, maxStallMs: stalls.max / 1e6, steps, pageCount: built.pageCount, zipBytes: built.zip.byteLength, pdfBytes: built.pdf.byteLength, files: built.files, sha256: built.sha256 }));
} else if (mode === "render") {
  const c = await db().case.findUniqueOrThrow({ where: { id: x.caseId }, select: { ref: true } });
  const doc = assemblePackage(await loadPackageInput(x, { prefix: c.ref, start: await batesStartOf(x) })).doc;
  const t0 = performance.now();
  const pdf = await renderPackagePdf(doc);
  console.log(JSON.stringify({ secs: (performance.now() - t0) / 1000, peakMb: peakMb(), pageCount: pdf.pageCount }));
} else {
  throw new Error(`unknown mode ${mode}: build or render`);
}
await disconnectDb();
