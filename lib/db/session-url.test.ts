import { afterEach, describe, expect, it } from "vitest";
import { sessionUrlFor } from "./session-url";

const POOLED = "postgresql://casebook:pw@pooler.internal:6432/casebook";
const DIRECT = "postgresql://casebook:pw@db.internal:5432/casebook";
const OTHER = "postgresql://casebook:pw@db.internal:5432/restore_target";
const saved = { url: process.env.DATABASE_URL, direct: process.env.DATABASE_DIRECT_URL };

afterEach(() => {
  for (const [k, v] of [["DATABASE_URL", saved.url], ["DATABASE_DIRECT_URL", saved.direct]] as const) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
});

describe("sessionUrlFor", () => {
  it("sends session work on DATABASE_URL to DATABASE_DIRECT_URL", () => {
    process.env.DATABASE_URL = POOLED;
    process.env.DATABASE_DIRECT_URL = DIRECT;
    expect(sessionUrlFor(POOLED)).toBe(DIRECT);
  });

  it("leaves any other database as given", () => {
    process.env.DATABASE_URL = POOLED;
    process.env.DATABASE_DIRECT_URL = DIRECT;
    expect(sessionUrlFor(OTHER)).toBe(OTHER);
  });

  it("changes nothing without DATABASE_DIRECT_URL (set empty counts as unset), or without DATABASE_URL", () => {
    process.env.DATABASE_URL = POOLED;
    process.env.DATABASE_DIRECT_URL = "";
    expect(sessionUrlFor(POOLED)).toBe(POOLED);
    delete process.env.DATABASE_DIRECT_URL;
    expect(sessionUrlFor(POOLED)).toBe(POOLED);
    delete process.env.DATABASE_URL;
    process.env.DATABASE_DIRECT_URL = DIRECT;
    expect(sessionUrlFor(OTHER)).toBe(OTHER);
  });
});
