import { describe, expect, it } from "vitest";
import { statementNames } from "./db";

describe("statementNames", () => {
  it("names a statement from its third use, the same name every time after", () => {
    const name = statementNames();
    const q = { sql: 'SELECT "id" FROM "case" WHERE "id" = $1' };
    expect([name(q), name(q)]).toEqual([undefined, undefined]);
    const n = name(q);
    expect(n).toMatch(/^cb_[0-9a-f]{20}$/);
    expect(name(q)).toBe(n);
    expect(name({ sql: "SELECT 2" })).toBeUndefined();
  });

  it("names at most maxNamed statements: SQL that varies stays unnamed", () => {
    const name = statementNames(2);
    const use = (sql: string) => [0, 1, 2].map(() => name({ sql })).pop();
    expect(use("SELECT 1")).toBeDefined();
    expect(use("SELECT 2")).toBeDefined();
    expect(use("SELECT 3")).toBeUndefined();
    expect(name({ sql: "SELECT 1" })).toBeDefined();
  });
});
