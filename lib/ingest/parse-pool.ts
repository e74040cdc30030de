// Parser threads for an exchanges import: the file's blocks go out in turn and their results come
// back in the order they were sent, so the rows reach the database in the file's order. JSON
// parsing and validation are most of an import's work on the Node side (about 9 µs a row on this
// machine against PostgreSQL's 2.4 µs to COPY it); spread over threads, the reading keeps pace with
// the COPY. With CASEBOOK_IMPORT_THREADS=0 the blocks are parsed in the importer's own thread.
import os from "node:os";
import { Worker } from "node:worker_threads";
import { parseExchangeBlock, type TBlock, type TBlockResult, type TBlockTarget } from "./exchange-block";
import { RollupTally, type TTallySummary } from "./rollup-tally";

type TReply = { result?: TBlockResult; tally?: TTallySummary | null };
type TPending = { resolve: (r: TReply) => void; reject: (e: Error) => void };

/** How many parser threads by default: one per core, at most 4. */
export function defaultParseThreads(): number {
  return Math.min(4, os.availableParallelism());
}

export class ParsePool {
  private workers: Worker[] = [];
  private pending = new Map<number, TPending>();
  private next = 0;
  private failed: Error | null = null;
  private readonly accounts: Map<string, string>;
  /** The tally of blocks parsed in this thread (with no parser threads). */
  private readonly tally: RollupTally | null;

  constructor(
    private readonly target: TBlockTarget,
    accounts: ReadonlyMap<string, string>,
    threads: number,
  ) {
    this.accounts = new Map(accounts);
    this.tally = target.mode === "fresh" ? new RollupTally() : null;
    const workerData = { target, accounts: [...accounts] };
    for (let i = 0; i < threads; i++) {
      // Its entry registers tsx in the thread, then loads the TypeScript (parse-worker.ts).
      const w = new Worker(new URL("./parse-worker.mjs", import.meta.url), { workerData, execArgv: [] });
      w.on("message", (m: TReply & { id: number; error?: string }) => {
        const p = this.pending.get(m.id);
        if (!p) return;
        this.pending.delete(m.id);
        if (m.error !== undefined) p.reject(new Error(`a parser thread failed: ${m.error}`));
        else p.resolve(m);
      });
      w.on("error", (e) => this.fail(e));
      w.on("exit", (code) => {
        if (code !== 0) this.fail(new Error(`a parser thread stopped (exit ${code})`));
      });
      this.workers.push(w);
    }
  }

  /** Blocks that may be out at once: two a thread keeps each busy while its last answer is read. */
  get depth(): number {
    return Math.max(1, this.workers.length * 2);
  }

  /** Parses a block; its bytes move to the thread (the caller's copy is gone). */
  async parse(block: TBlock): Promise<TBlockResult> {
    if (this.workers.length === 0) return parseExchangeBlock(this.target, this.accounts, block, this.tally);
    const w = this.next % this.workers.length;
    return (await this.ask(w, { block }, [block.bytes.buffer as ArrayBuffer])).result!;
  }

  /** Every thread's tally of the rows it parsed, once every block is back. */
  async tallies(): Promise<TTallySummary[]> {
    if (this.workers.length === 0) return this.tally ? [this.tally.summary()] : [];
    const all = await Promise.all(this.workers.map((_, w) => this.ask(w, {}, [])));
    return all.flatMap((r) => (r.tally ? [r.tally] : []));
  }

  private ask(w: number, message: { block?: TBlock }, transfer: ArrayBuffer[]): Promise<TReply> {
    if (this.failed) return Promise.reject(this.failed);
    const id = this.next++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.workers[w].postMessage({ id, ...message }, transfer);
    });
  }

  private fail(e: Error) {
    this.failed ??= e;
    for (const p of this.pending.values()) p.reject(e);
    this.pending.clear();
  }

  async close(): Promise<void> {
    this.failed ??= new Error("the parser threads were closed");
    await Promise.all(this.workers.map((w) => w.terminate()));
    this.workers = [];
  }
}
