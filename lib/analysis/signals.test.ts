import { describe, expect, it } from "vitest";
import { rng } from "../demo/generate";
import { BURST_DEFAULTS, findBursts, ipPrefix, signalValues } from "./signals";

describe("ipPrefix", () => {
  it("puts an IPv4 address in its /24", () => {
    expect(ipPrefix("203.0.113.77")).toBe("203.0.113.0/24");
    expect(ipPrefix(" 198.51.100.1 ")).toBe("198.51.100.0/24");
  });
  it("puts an IPv6 address in its /48, written as PostgreSQL writes it", () => {
    expect(ipPrefix("2001:db8:1:2::5")).toBe("2001:db8:1::/48");
    expect(ipPrefix("2001:0DB8:0001:ffff:0:0:0:1")).toBe("2001:db8:1::/48");
    expect(ipPrefix("2001:db8::1")).toBe("2001:db8::/48");
    expect(ipPrefix("::1")).toBe("::/48");
    expect(ipPrefix("fe80:1234:5678:9abc::")).toBe("fe80:1234:5678::/48");
    expect(ipPrefix("::")).toBe("::/48");
    expect(ipPrefix("0:0:5::1")).toBe("0:0:5::/48");
    expect(ipPrefix("1:2:3:4:5:6:7:8")).toBe("1:2:3::/48");
  });
  it("reads an IPv4-mapped IPv6 address as IPv4", () => {
    expect(ipPrefix("::ffff:203.0.113.9")).toBe("203.0.113.0/24");
    expect(ipPrefix("::ffff:cb00:7109")).toBe("203.0.113.0/24");
    expect(ipPrefix("::FFFF:10.1.2.3")).toBe("10.1.2.0/24");
  });
  it("has no prefix for what is not an address", () => {
    for (const bad of ["", "  ", "not-an-ip", "300.1.1.1", "1.2.3", "2001:db8:::1", "1::2:3:4:5:6:7:8", "::ffff:1.2.3.4.5", "1.2.3.4/24", "fe80::1%eth0", null, undefined]) expect(ipPrefix(bad)).toBeNull();
  });
});

describe("signalValues", () => {
  it("names each kind of value an account carries, ASN and user agent together", () => {
    expect(
      signalValues({ id: "1", createdAt: 0, paymentFingerprint: " pf_1 ", organizationId: "org_9", signupIp: "203.0.113.4", asn: 4134, userAgent: "httpx", templateFamilies: ["f1", "f1"] }),
    ).toEqual([
      { kind: "payment_fingerprint", value: "pf_1" },
      { kind: "organization_id", value: "org_9" },
      { kind: "ip_prefix", value: "203.0.113.0/24" },
      { kind: "asn_user_agent", value: "AS4134 · httpx" },
      { kind: "template_family", value: "f1" },
    ]);
  });
  it("keeps identifiers exactly as written, only trimmed: case tells cards and clients apart", () => {
    const values = signalValues({ id: "1", createdAt: 0, paymentFingerprint: "Xt5EWLLDS7FJjR1c", organizationId: " Org-AbC ", asn: 4134, userAgent: " Python-Requests/2.32 " });
    expect(values).toEqual([
      { kind: "payment_fingerprint", value: "Xt5EWLLDS7FJjR1c" },
      { kind: "organization_id", value: "Org-AbC" },
      { kind: "asn_user_agent", value: "AS4134 · Python-Requests/2.32" },
    ]);
  });
  it("counts a template family once however it is padded, and drops blank ones", () => {
    expect(signalValues({ id: "1", createdAt: 0, templateFamilies: [" f1", "f1", "f1 ", "", "  ", "f2"] })).toEqual([
      { kind: "template_family", value: "f1" },
      { kind: "template_family", value: "f2" },
    ]);
  });
  it("needs a whole, non-negative ASN", () => {
    for (const asn of [4134.5, -1, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 32]) expect(signalValues({ id: "1", createdAt: 0, asn, userAgent: "httpx" })).toEqual([]);
    expect(signalValues({ id: "1", createdAt: 0, asn: 0, userAgent: "httpx" })).toEqual([{ kind: "asn_user_agent", value: "AS0 · httpx" }]);
  });
  it("leaves out an ASN without a user agent, and blanks", () => {
    expect(signalValues({ id: "1", createdAt: 0, asn: 4134, userAgent: " ", paymentFingerprint: "" })).toEqual([]);
  });
});

describe("findBursts", () => {
  const day = 86_400_000;
  const caseSpan = 45 * day;
  const at = (ms: number[]) => ms.map((t, i) => ({ id: String(i), createdAt: t }));
  it("finds 12 accounts opened within 20 minutes", () => {
    const times = [...Array.from({ length: 12 }, (_, i) => 1000 + i * 100_000), 10 * day, 20 * day];
    const runs = findBursts(at(times), caseSpan);
    expect(runs).toHaveLength(1);
    expect(runs[0].ids).toHaveLength(12);
  });
  it("ignores runs that chance explains in a big group on a common network", () => {
    // 5,000 signups at random (a Poisson process) over 45 days: one every 13 minutes on average,
    // so runs of 5 or more within 5-minute gaps happen dozens of times by chance alone.
    const r = rng(3);
    let t = 0;
    const times = Array.from({ length: 5000 }, () => (t += -Math.log(1 - r()) * (caseSpan / 5000)));
    const chance = findBursts(at(times), caseSpan, { ...BURST_DEFAULTS, minDensity: 1 });
    expect(chance.length).toBeGreaterThan(10);
    expect(findBursts(at(times), caseSpan)).toEqual([]);
    // The same crowd with 40 accounts opened within 10 minutes: that run, and only it, counts.
    const burst = [...times, ...Array.from({ length: 40 }, (_, i) => 20 * day + i * 15_000)].sort((a, b) => a - b);
    const found = findBursts(at(burst), caseSpan);
    expect(found).toHaveLength(1);
    expect(found[0].ids.length).toBeGreaterThanOrEqual(40);
  });
  it("needs at least five accounts", () => {
    expect(findBursts(at([0, 1000, 2000, 3000]), caseSpan)).toEqual([]);
  });
});
