import { describe, expect, it } from "vitest";
import { blobMember, loadOrder, tableOfMember, tablePartMember } from "./format";

describe("loadOrder", () => {
  it("puts every referenced table first, whatever order the catalog gives", () => {
    const { order, cyclic } = loadOrder(["exchange", "account", "case", "user"], [
      { from: "exchange", to: "account" },
      { from: "exchange", to: "case" },
      { from: "account", to: "case" },
      { from: "case", to: "user" },
      { from: "user", to: "user" },
    ]);
    expect(cyclic).toEqual([]);
    expect(order).toEqual(["user", "case", "account", "exchange"]);
  });

  it("names the tables of a cycle and still lists them", () => {
    const { order, cyclic } = loadOrder(["a", "b", "c"], [{ from: "a", to: "b" }, { from: "b", to: "a" }]);
    expect(cyclic).toEqual(["a", "b"]);
    expect(order).toEqual(["c", "a", "b"]);
  });
});

describe("member names", () => {
  it("round-trips a table part and rejects anything else", () => {
    expect(tableOfMember(tablePartMember("audit_event", 12))).toBe("audit_event");
    expect(tableOfMember("db/../x/000001.copy")).toBeNull();
    expect(tableOfMember(blobMember("ab".repeat(32)))).toBeNull();
  });
});
