// A stray `.only` must fail the run wherever it runs, not only where CI is set: Vitest allows it
// unless told otherwise, Playwright unless `forbidOnly`.
import { describe, expect, it } from "vitest";
import playwright from "../playwright.config";
import vitest from "../vitest.config";

describe("the test runners' configuration", () => {
  it("refuses .only in every Vitest project", () => {
    const projects = (vitest.test?.projects ?? []) as { test?: { name?: string; allowOnly?: boolean } }[];
    expect(projects.map((p) => p.test?.name)).toEqual(["unit", "integration"]);
    for (const p of projects) expect(p.test?.allowOnly, p.test?.name).toBe(false);
  });

  it("refuses .only in Playwright", () => {
    expect(playwright.forbidOnly).toBe(true);
  });
});
