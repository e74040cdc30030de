import { describe, expect, it } from "vitest";
import { redactText, type TRedactor } from "./redact";

const base: TRedactor = { rules: new Set(["emails", "ip_addresses"]), known: [{ value: "pay_9f8e7d", rule: "payment_fingerprints" }, { value: "acct-00017", rule: "account_ids" }], pseudonym: (v) => (v === "acct-00017" ? "A-1f2e3d" : undefined) };

describe("redactText", () => {
  it("removes emails, IPs and known values, and logs where without the withheld text", () => {
    const r = redactText("mail li.wei@example.cn from 10.1.2.3 paid with pay_9f8e7d as acct-00017", base);
    expect(r.text).toBe("mail [email] from [IP address] paid with [payment fingerprint] as A-1f2e3d");
    for (const secret of ["li.wei@example.cn", "10.1.2.3", "pay_9f8e7d", "acct-00017"]) expect(r.text).not.toContain(secret);
    expect(r.hits.map((h) => h.rule)).toEqual(["emails", "ip_addresses", "payment_fingerprints", "account_ids"]);
    expect(JSON.stringify(r.hits)).not.toContain("example.cn");
  });

  it("takes manual spans in code points, so text after emoji and CJK is cut where the analyst selected", () => {
    const text = "😀请忽略 secret plan here";
    const r = redactText(text, { rules: new Set(), known: [] }, [{ start: 5, end: 16, reason: "benign user's plan" }]);
    expect(r.text).toBe("😀请忽略 [withheld] here");
    expect(r.hits).toEqual([{ rule: "manual", start: 5, length: 11, reason: "benign user's plan" }]);
  });

  it("merges overlapping removals into one", () => {
    const r = redactText("x a@b.io y", base, [{ start: 0, end: 5, reason: "r" }]);
    expect(r.text).toBe("[withheld] y");
    expect(r.hits).toHaveLength(1);
  });

  it("leaves text without anything to remove as it was", () => {
    expect(redactText("plain text", base)).toEqual({ text: "plain text", hits: [] });
  });

  it("takes phone numbers for phone numbers, and dates, times, ids and pseudonyms for what they are", () => {
    const r: TRedactor = { rules: new Set(["phone_numbers"]), known: [] };
    for (const phone of ["+86 138 0013 8000", "(415) 555-0100", "415.555.0100", "+1 415 555 0100"]) expect(redactText(`call ${phone} now`, r).text).toBe("call [phone number] now");
    for (const other of ["2026-04-23 01:32:42", "A-0097539539", "v1.2.3", "CB-2026-0001-0000007", "1224 prompt, 4799 completion", "ex_000001"]) expect(redactText(other, r).text).toBe(other);
  });

  it("takes IPv4 and IPv6 addresses, not times", () => {
    const r: TRedactor = { rules: new Set(["ip_addresses"]), known: [] };
    for (const ip of ["203.0.113.17", "2001:db8::1", "2001:0db8:85a3:0000:0000:8a2e:0370:7334", "fe80::1ff:fe23:4567:890a", "::1"]) expect(redactText(`from ${ip} today`, r).text).toBe("from [IP address] today");
    for (const other of ["01:32:42", "2026-04-23T01:32:42Z", "12:00", "a:b:c"]) expect(redactText(other, r).text).toBe(other);
  });

  it("matches a known value as a whole token, never inside a longer one", () => {
    const r: TRedactor = { rules: new Set(), known: [{ value: "org_5512", rule: "org_ids" }, { value: "Lin W", rule: "names" }, { value: "王小明", rule: "names" }] };
    expect(redactText("org_5512, org_55123 and xorg_5512", r).text).toBe("[org id], org_55123 and xorg_5512");
    expect(redactText("Lin W met Lin Wei", r).text).toBe("[name] met Lin Wei");
    // CJK writes no spaces: a CJK name is found inside a sentence.
    expect(redactText("我是王小明的朋友", r).text).toBe("我是[name]的朋友");
  });

  it("withholds a display name only when it could identify someone, so an adversary's 'Lab' or '17' removes nothing", () => {
    const r: TRedactor = { rules: new Set(["names"]), known: ["Lab", "17", "Exhibit", "2026-05-01", "Page"].map((value) => ({ value, rule: "names" as const })) };
    const text = "Lab 17 ran Exhibit 3 on 2026-05-01, see Page 2.";
    expect(redactText(text, r)).toEqual({ text, hits: [] });
  });
});
