import { describe, expect, it } from "vitest";
import type { TDrawnPage } from "../package/pdf/layout";
import type { TAssembled } from "./assemble";
import { pseudonymFor } from "./assemble";
import { maskValue, personalDataBlockers } from "./guard";

const assembled = (over: Partial<Pick<TAssembled, "natives" | "ownWords">> = {}): Pick<TAssembled, "doc" | "natives" | "ownWords"> => ({
  doc: { meta: { title: "t", subject: "s", author: "a", keywords: "k", createdAt: new Date(0) }, marking: "m", bates: { prefix: "CB", start: 1, digits: 7 }, cover: { title: "c", subtitle: "", fields: [], notice: "" }, sections: [] },
  natives: over.natives ?? [{ path: "natives/accounts.csv", text: "account\nA-1\n" }],
  ownWords: over.ownWords ?? [],
});
const page = (n: number, header: string, ...strings: string[]): TDrawnPage => ({ page: n, header, strings });
const known = [
  { value: "lin.w@example.net", rule: "emails" as const },
  { value: "acct_7f3a91", rule: "account_ids" as const },
  { value: "org_5512", rule: "org_ids" as const },
  { value: "Lin W", rule: "names" as const },
  { value: "Executive summary", rule: "names" as const },
  { value: "Zhang Wei", rule: "names" as const },
  ...["Exhibit", "17", "Lab", "2026-05-01", "Page"].map((value) => ({ value, rule: "names" as const })),
];

describe("personalDataBlockers", () => {
  it("finds a case's identifier anywhere it is drawn or written, as a whole token, and says where", () => {
    const b = personalDataBlockers(assembled({ natives: [{ path: "custody-log.csv", text: "evidence\nfrom acct_7f3a91.csv\n" }] }), [page(4, "Summary", "written by lin.w@example.net", "org_55123 is another org")], known);
    expect(b).toEqual([
      { kind: "email", rule: "emails", masked: "l…w@e…net", where: ["PDF page 4 (Summary)"] },
      { kind: "account id", rule: "account_ids", masked: "a…1", where: ["custody-log.csv line 2"] },
    ]);
  });

  it("stops on a name that identifies someone where the analyst wrote it, never on the package's own words", () => {
    const pages = [page(1, "", "Executive summary"), page(3, "Executive summary", "Exhibit 17 — Page 3 of Lab 2026-05-01", "Lin W ran the ring")];
    // Only in what Casebook wrote: nothing.
    expect(personalDataBlockers(assembled(), pages, known)).toEqual([]);
    // In the analyst's summary: a stop that names the finding and the page.
    const b = personalDataBlockers(assembled({ ownWords: [{ where: "Findings, Summary", text: "Lin W ran the ring" }] }), pages, known);
    expect(b).toEqual([{ kind: "name", rule: "names", masked: "L…W", where: ["Findings, Summary", "PDF page 3 (Executive summary)"] }]);
  });

  it("passes a package with none, pseudonyms included", () => {
    expect(personalDataBlockers(assembled(), [page(5, "Exhibit 1", `account ${pseudonymFor("case")("acct_7f3a91")}`)], known)).toEqual([]);
  });

  it("lists the first places and counts the rest", () => {
    const pages = Array.from({ length: 9 }, (_, i) => page(i + 3, "Appendix", "org_5512"));
    const [b] = personalDataBlockers(assembled(), pages, known);
    expect(b.where).toHaveLength(6);
    expect(b.where.at(-1)).toBe("and 4 more places");
  });
});

describe("maskValue", () => {
  it("keeps the ends and the domain's last label of an email, the ends of anything else", () => {
    expect(maskValue("emails", "ming.3888@example.com")).toBe("m…8@e…com");
    expect(maskValue("names", "Lin W")).toBe("L…W");
    expect(maskValue("names", "王小明")).toBe("王…明");
    expect(maskValue("ip_addresses", "203.0.113.17")).toBe("2…7");
    expect(maskValue("org_ids", "ab")).toBe("a…");
  });
});
