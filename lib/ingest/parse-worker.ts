// A parser thread of the import (lib/ingest/parse-pool.ts): told its target and the case's
// accounts once, it parses the blocks it is sent (lib/ingest/exchange-block.ts) and answers each;
// asked at the end, it sends the rollup tally of every row it parsed.
import { parentPort, workerData } from "node:worker_threads";
import { parseExchangeBlock, type TBlock, type TBlockTarget } from "./exchange-block";
import { RollupTally, summaryBuffers } from "./rollup-tally";

const { target, accounts } = workerData as { target: TBlockTarget; accounts: [string, string][] };
const byExternalId = new Map(accounts);
const tally = target.mode === "fresh" ? new RollupTally() : null;

parentPort!.on("message", (m: { id: number; block?: TBlock }) => {
  try {
    if (!m.block) {
      // Asked once, at the end: the tally's arrays move to the importer's thread, not copied.
      const summary = tally?.summary() ?? null;
      parentPort!.postMessage({ id: m.id, tally: summary }, summary ? summaryBuffers(summary) : []);
      return;
    }
    const result = parseExchangeBlock(target, byExternalId, m.block, tally);
    // The COPY text's bytes move to the importer's thread, not copied.
    parentPort!.postMessage({ id: m.id, result }, [result.copy.buffer as ArrayBuffer]);
  } catch (e) {
    parentPort!.postMessage({ id: m.id, error: (e as Error).stack ?? String(e) });
  }
});
