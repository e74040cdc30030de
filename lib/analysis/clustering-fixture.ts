// A deterministic case of accounts shaped like the public reports, for the clustering tests and the
// benchmark: actor groups that share payment cards (about 40 accounts a card), an IP range, a user
// agent and signup bursts, among benign accounts on three huge common networks with common browser
// user agents. `actor` says which group an account truly belongs to ("" for benign ones).
import { rng } from "../demo/generate";
import type { TAccountInput } from "./signals";

const COMMON_ASN = [16509, 15169, 8075];
const BROWSERS = [
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/126.0 Safari/537.36",
  "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 Version/17.5 Safari/605.1.15",
  "python-requests/2.32.3",
];

export function clusteringFixture(opts: { actors?: number; benign?: number; seed?: number } = {}): (TAccountInput & { actor: string })[] {
  const r = rng(opts.seed ?? 7);
  const actors = opts.actors ?? 20;
  const out: (TAccountInput & { actor: string })[] = [];
  const start = Date.parse("2026-04-01T00:00:00Z");
  const span = 45 * 86_400_000;
  let n = 0;
  for (let g = 0; g < actors; g++) {
    const size = 50 + Math.floor(r() * (g < 3 ? 2950 : 1100));
    // Actors hide on the same big networks as everyone else, with a user agent of their own.
    const asn = COMMON_ASN[g % 3];
    const ua = `actor-client/${g}.${Math.floor(r() * 9)}`;
    const burstAt = start + Math.floor(r() * span);
    for (let i = 0; i < size; i++) {
      n++;
      out.push({
        id: `a${String(n).padStart(6, "0")}`,
        actor: `actor-${g}`,
        // Most accounts opened in tight bursts; some trickle in over the window.
        createdAt: r() < 0.8 ? burstAt + Math.floor(i / 40) * 86_400_000 + Math.floor(r() * 600_000) : start + Math.floor(r() * span),
        paymentFingerprint: `pf_${g}_${Math.floor(i / 40)}`,
        // Organizations of ~25 accounts that straddle the card groups: strong links that chain an
        // actor's card groups into one cluster.
        organizationId: r() < 0.9 ? `org_${g}_${Math.floor((i + 12) / 25)}` : null,
        signupIp: `10.${g}.${Math.floor(r() * 4)}.${1 + Math.floor(r() * 250)}`,
        asn,
        userAgent: ua,
      });
    }
  }
  for (let i = 0; i < (opts.benign ?? 8000); i++) {
    n++;
    out.push({
      id: `b${String(n).padStart(6, "0")}`,
      actor: "",
      createdAt: start + Math.floor(r() * span),
      paymentFingerprint: `pf_benign_${i}`,
      organizationId: null,
      signupIp: `${100 + Math.floor(r() * 100)}.${Math.floor(r() * 256)}.${Math.floor(r() * 256)}.${1 + Math.floor(r() * 250)}`,
      asn: COMMON_ASN[Math.floor(r() * 3)],
      userAgent: BROWSERS[Math.floor(r() * BROWSERS.length)],
    });
  }
  return out;
}
