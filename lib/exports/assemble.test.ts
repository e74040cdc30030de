import { describe, expect, it } from "vitest";
import { personalDataLeaks, pseudonymFor, type TAssembled } from "./assemble";
import { redactText } from "./redact";

const doc = (text: string): TAssembled => ({
  doc: {
    meta: { title: "t", subject: "s", author: "a", keywords: "k", createdAt: new Date(0) },
    marking: "m",
    bates: { prefix: "CB", start: 1, digits: 7 },
    cover: { title: "c", subtitle: "", fields: [], notice: "" },
    sections: [{ anchor: "x", title: "X", blocks: [{ kind: "paragraph", inlines: [{ kind: "text", text }] }] }],
  },
  natives: [{ path: "natives/accounts.csv", text: "account\nA-1\n" }],
  redactionLog: [],
});

describe("personalDataLeaks", () => {
  const known = [
    { value: "lin.w@example.net", rule: "emails" as const },
    { value: "acct_7f3a91", rule: "account_ids" as const },
  ];

  it("finds a personal value anywhere in the drawn document or the natives, naming where but not the value", () => {
    const leaks = personalDataLeaks(doc("written by lin.w@example.net"), known);
    expect(leaks).toEqual(["PDF: email"]);
    const inNative = doc("clean");
    inNative.natives.push({ path: "custody-log.csv", text: "acct_7f3a91.csv" });
    expect(personalDataLeaks(inNative, known)).toEqual(["custody-log.csv: account id"]);
  });

  it("passes a package with none", () => {
    expect(personalDataLeaks(doc(`account ${pseudonymFor("case")("acct_7f3a91")}`), known)).toEqual([]);
  });

  it("makes pseudonyms no redaction rule takes for personal data (a digits-only one once read as a phone number)", () => {
    const r = { rules: new Set(["emails", "names", "ip_addresses", "payment_fingerprints", "org_ids", "phone_numbers"] as const), known: [] };
    for (let i = 0; i < 5000; i++) {
      const alias = pseudonymFor(`case-${i}`)(`acct_${i}`);
      expect(redactText(`Account ${alias}, 2026-04-23 01:32:42`, r).text).toBe(`Account ${alias}, 2026-04-23 01:32:42`);
    }
  });
});
