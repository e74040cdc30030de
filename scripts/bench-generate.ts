// Writes a synthetic campaign as the contract's files, streaming (used by `npm run bench`):
//   bench-generate.ts OUT_DIR ACCOUNTS EXCHANGES                                  → accounts.csv, exchanges.jsonl
//   bench-generate.ts OUT_DIR ACCOUNTS EXCHANGES CASE_ID ACCOUNT_ID_BASE [NAME]   → NAME (exchanges.copy): the same
// exchange rows in COPY text format, for loading straight into the table, with account ids resolved
// the way the importer resolves them (first account id = ACCOUNT_ID_BASE). Exchange row i is the
// same in both forms: it comes from its own random stream, one row at a time (no array of rows).
import { createWriteStream } from "node:fs";
import path from "node:path";
import { once } from "node:events";
import { rng } from "../lib/demo/generate.ts";
import { copyLine } from "../lib/ingest/copy-text.ts";

const [outDir, nAccounts, nExchanges, caseId, accountIdBase, copyName] = process.argv.slice(2);
const A = Number(nAccounts);
const E = Number(nExchanges);

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

function* exchangeRows() {
  const r = rng(20260423);
  const step = span / E;
  for (let i = 0; i < E; i++) {
    yield { id: `ex_${String(i + 1).padStart(8, "0")}`, a: 1 + Math.floor(r() * A), t: start + Math.floor(i * step), m: i % 3 ? "frontier-large-2026-03" : "frontier-large-2026-05", p: 200 + Math.floor(r() * 1800), c: 500 + Math.floor(r() * 6000) };
  }
}

if (!caseId) {
  const r = rng(20260422);
  await write("accounts.csv", function* () {
    yield "account_id,created_at,email,country,signup_ip,asn,payment_fingerprint,user_agent,status,cluster\n";
    for (let i = 1; i <= A; i++) {
      const c = i % 40;
      yield `${acct(i)},${new Date(start - 5 * 86_400_000 + Math.floor(r() * 4 * 86_400_000)).toISOString()},u${i}@example.net,SG,203.0.${c}.${1 + (i % 250)},AS${4000 + c},pf_${c.toString(16).padStart(6, "0")},python-httpx/0.27.0,banned,hydra-${c}\n`;
    }
  });
  await write("exchanges.jsonl", function* () {
    for (const x of exchangeRows()) yield `{"exchange_id":"${x.id}","account_id":"${acct(x.a)}","timestamp":"${new Date(x.t).toISOString()}","model":"${x.m}","prompt_tokens":${x.p},"completion_tokens":${x.c}}\n`;
  });
} else {
  const base = BigInt(accountIdBase);
  await write(copyName ?? "exchanges.copy", function* () {
    for (const x of exchangeRows()) yield copyLine([caseId, base + BigInt(x.a - 1), x.id, new Date(x.t), x.m, x.p, x.c, false]);
  });
}
