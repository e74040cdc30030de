import { describe, expect, it } from "vitest";
import { pseudonymFor } from "./assemble";
import { redactText } from "./redact";

describe("pseudonymFor", () => {
  it("makes pseudonyms no redaction rule takes for personal data (a digits-only one once read as a phone number)", () => {
    const r = { rules: new Set(["emails", "names", "ip_addresses", "payment_fingerprints", "org_ids", "phone_numbers"] as const), known: [] };
    for (let i = 0; i < 5000; i++) {
      const alias = pseudonymFor(`case-${i}`)(`acct_${i}`);
      expect(redactText(`Account ${alias}, 2026-04-23 01:32:42`, r).text).toBe(`Account ${alias}, 2026-04-23 01:32:42`);
    }
  });
});
