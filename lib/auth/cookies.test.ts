import { describe, expect, it } from "vitest";
import { secureCookiesFor } from "./cookies";

describe("the Secure cookie rule", () => {
  it("is off only for plain http on a loopback host, unless told", () => {
    expect(secureCookiesFor("auto", "http://localhost:3000")).toBe(false);
    expect(secureCookiesFor("auto", "http://127.0.0.1:3100")).toBe(false);
    expect(secureCookiesFor("auto", "http://[::1]:3000")).toBe(false);
    expect(secureCookiesFor("auto", "https://localhost:3000")).toBe(true);
    expect(secureCookiesFor("auto", "https://casebook.example")).toBe(true);
    expect(secureCookiesFor("auto", "http://casebook.internal")).toBe(true);
    expect(secureCookiesFor("never", "https://casebook.example")).toBe(false);
    expect(secureCookiesFor("always", "http://localhost:3000")).toBe(true);
  });
});
