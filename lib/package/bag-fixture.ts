// A small package for tests (unit, tools, e2e): a PDF-like file and two natives, signed by the given key.
import { buildBag, type TBagInput, type TSigner } from "./bag";

const enc = (s: string) => new TextEncoder().encode(s);

export function sampleBagInput(): TBagInput {
  return {
    name: "CB-2026-0007_export_ck123",
    createdAt: new Date("2026-11-30T12:34:56Z"),
    info: [
      ["Source-Organization", "Example AI Lab, Trust & Safety"],
      ["Casebook-Case", "CB-2026-0007"],
      ["Casebook-Export", "ck123"],
      ["Casebook-Profile", "legal_referral"],
      ["Bagging-Date", "2026-11-30"],
    ],
    payload: [
      { path: "CB-2026-0007-legal-referral.pdf", bytes: enc("%PDF-1.7\n% a stand-in for the rendered referral\n%%EOF\n") },
      { path: "natives/accounts.csv", bytes: enc("account_id,email\nacct_1,a@example.com\nacct_2,b@example.com\n") },
      { path: "natives/exchanges.jsonl", bytes: enc('{"id":"ex_1","prompt":"Explain ünïcode, 中文, عربى"}\n') },
    ],
  };
}

export function buildSampleBag(signer: TSigner) {
  return buildBag(sampleBagInput(), signer);
}
