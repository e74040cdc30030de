// Writes a synthetic campaign as the contract's files, streaming (used by `npm run bench`):
//   bench-generate.ts OUT_DIR ACCOUNTS EXCHANGES                       → accounts.csv, exchanges.jsonl
//   bench-generate.ts OUT_DIR ACCOUNTS EXCHANGES CASE_ID ACCOUNT_ID_BASE → exchanges.copy:: the same exchange rows in COPY text format for the raw-COPY baseline,
// with account ids resolved the way the importer resolves them (first account id = ACCOUNT_ID_BASE).
import { createWriteStream } from "node:fs";
import path from "node:path";
import { once } from "node:events";
import { rng } from "../lib/demo/generate.ts";
import { copyLine } from "../lib/ingest/copy-text.ts";

const [outDir, nAccounts, nExchanges, caseId, accountIdBase] = process.argv.slice(2);
const A = Number(nAccounts);
const E = Number(nExchanges);
const r = rng(20260422);

async function write(file: string, gen: () => Generator<string>) {
  const out = createWriteStream(path.join(outDir, file));
  let buf = "";
  for (const s of gen()) {
    buf += s;
    if (buf.length > 1 << 20) {
      if (!out.write(buf)) await once(out, "drain");
      buf = "";
    }
  }
  out.end(buf);
  await once(out, "finish");
}

const start = Date.parse("2026-04-22T00:00:00Z");
const span = 45 * 86_400_000;
const acct = (i: number) => `acct_${String(i).padStart(6, "0")}`;
if (!caseId) await write("accounts.csv", function* () {
  yield "account_id,created_at,email,country,signup_ip,asn,payment_fingerprint,user_agent,status,cluster\n";
  for (let i = 1; i <= A; i++) {
    const c = i % 40;
    yield `${acct(i)},${new Date(start - 5 * 86_400_000 + Math.floor(r() * 4 * 86_400_000)).toISOString()},u${i}@example.net,SG,203.0.${c}.${1 + (i % 250)},AS${4000 + c},pf_${c.toString(16).padStart(6, "0")},python-httpx/0.27.0,banned,hydra-${c}\n`;
  }
});
// Same pseudo-random stream for both files: row i is identical in the JSONL and the COPY text.
const rows: [string, number, number, string, number, number][] = [];
const step = span / E;
for (let i = 0; i < E; i++) rows.push([`ex_${String(i + 1).padStart(8, "0")}`, 1 + Math.floor(r() * A), start + Math.floor(i * step), "frontier-large-2026-03", 200 + Math.floor(r() * 1800), 500 + Math.floor(r() * 6000)]);
if (!caseId) await write("exchanges.jsonl", function* () {
  for (const [id, a, t, m, p, c] of rows) yield `{"exchange_id":"${id}","account_id":"${acct(a)}","timestamp":"${new Date(t).toISOString()}","model":"${m}","prompt_tokens":${p},"completion_tokens":${c}}\n`;
});
if (caseId) {
  const base = BigInt(accountIdBase);
  await write("exchanges.copy", function* () {
    for (const [id, a, t, m, p, c] of rows) yield copyLine([caseId, base + BigInt(a - 1), id, new Date(t), m, p, c, false]);
  });
}
