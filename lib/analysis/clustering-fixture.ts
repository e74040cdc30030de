// A deterministic case of accounts shaped like the public reports, for the clustering tests and the
// benchmark: actors that open accounts in scripted batches through proxy networks, about 40
// accounts to a payment card, hiding on the same three big cloud networks as everyone else; and
// benign accounts (a few small teams sharing a card among them) with common browsers and common
// prompt templates. `actor` says who truly controls an account: "actor-<g>", "team-<k>", or "" for
// a benign account on its own.
import { rng, type TRandom } from "../demo/generate";
import type { TAccountInput } from "./signals";

export type TFixtureAccount = TAccountInput & { actor: string };

export type TFixtureOptions = {
  seed: number;
  actors: number;
  /** Accounts of all actors together, split unevenly (each actor 50 to 3,000). */
  actorAccounts: number;
  benign: number;
};

const COMMON_ASN = [16509, 15169, 8075];
const BROWSERS = [
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36",
  "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15",
  "python-requests/2.32.3",
];
const DAY = 86_400_000;
const START = Date.parse("2026-04-01T00:00:00Z");
const SPAN = 45 * DAY;

/** Actor sizes between 50 and 3,000 that add up to `total` (when 50·n ≤ total ≤ 3,000·n). */
function actorSizes(r: TRandom, n: number, total: number): number[] {
  const raw = Array.from({ length: n }, () => r() ** 1.5);
  const spare = total - 50 * n;
  const sum = raw.reduce((s, x) => s + x, 0) || 1;
  const sizes = raw.map((x) => Math.min(3000, 50 + Math.floor((x / sum) * spare)));
  // Rounding and the cap leave a few accounts over: hand them to actors with room, in turn.
  for (let left = total - sizes.reduce((s, x) => s + x, 0), g = 0; left > 0 && sizes.some((s) => s < 3000); g = (g + 1) % n) {
    if (sizes[g] < 3000) {
      sizes[g]++;
      left--;
    }
  }
  return sizes;
}

/**
 * Actors (g = 0…): every one pays with cards shared by ~40 of its accounts and opens 80% of its
 * accounts in batches of 15–35 within ten minutes through one proxy /24 a batch (batches and cards
 * overlap, so a batch holds accounts on two cards); the rest trickle in over the 45 days from
 * the actor's proxies. Most also put their accounts in organizations of ~25 that straddle cards;
 * every fifth (g = 4, 9, …) uses no organizations, and is held together only by its batches.
 * Every fourth (g = 3, 7, …) sends a common browser's user agent instead of its own client's: its
 * ASN with that user agent is shared with thousands of benign accounts. Each actor has its own
 * prompt template families, and actors g and g + 5 share a public one (a few % of their accounts).
 */
export function clusteringFixture(options: Partial<TFixtureOptions> = {}): TFixtureAccount[] {
  const o: TFixtureOptions = { seed: 7, actors: 20, actorAccounts: 20_000, benign: 5_000, ...options };
  const r = rng(o.seed);
  const out: TFixtureAccount[] = [];
  let n = 0;
  const id = (p: string) => `${p}${String(++n).padStart(6, "0")}`;
  const sizes = actorSizes(r, o.actors, o.actorAccounts);
  for (let g = 0; g < o.actors; g++) {
    const size = sizes[g];
    const asn = COMMON_ASN[g % 3];
    const userAgent = g % 4 === 3 ? BROWSERS[g % 2] : `actor-client/${g}.${Math.floor(r() * 9)} (+httpx)`;
    const families = Array.from({ length: 3 + Math.floor(size / 300) }, (_, j) => `fam_${g}_${j}`);
    const proxies = Math.max(1, Math.ceil(size / 60));
    const usesOrgs = g % 5 !== 4;
    let batch = -1;
    let batchLeft = 0;
    let batchAt = 0;
    let clock = START + Math.floor(r() * 5 * DAY);
    for (let i = 0; i < size; i++) {
      const trickle = r() < 0.2;
      if (!trickle && batchLeft === 0) {
        batch++;
        batchLeft = 15 + Math.floor(r() * 21);
        clock += Math.floor((0.5 + r()) * (SPAN / Math.max(8, size / 25)));
        batchAt = START + (clock - START) % SPAN;
      }
      if (!trickle) batchLeft--;
      const fam = [families[Math.floor(r() * families.length)], families[Math.floor(r() * families.length)]];
      if (r() < 0.04) fam.push(`fam_public_${g % 5}`);
      out.push({
        id: id("a"),
        actor: `actor-${g}`,
        createdAt: trickle ? START + Math.floor(r() * SPAN) : batchAt + Math.floor(r() * 600_000),
        paymentFingerprint: `pf_${g}_${Math.floor(i / 40)}`,
        organizationId: usesOrgs && r() < 0.9 ? `org_${g}_${Math.floor((i + 12) / 25)}` : null,
        // A batch comes through one proxy exit /24 of its own; trickling accounts through any of
        // the actor's long-lived proxies.
        signupIp: trickle ? `10.${g}.${Math.floor(r() * proxies)}.${1 + Math.floor(r() * 250)}` : `10.${100 + g}.${batch % 256}.${1 + Math.floor(r() * 250)}`,
        asn,
        userAgent,
        templateFamilies: [...new Set(fam)],
      });
    }
  }
  // Benign: one account each, save small teams (2–4 accounts on one card and organization).
  for (let i = 0, team = 0; i < o.benign; ) {
    const members = r() < 0.02 ? Math.min(o.benign - i, 2 + Math.floor(r() * 3)) : 1;
    const k = members > 1 ? team++ : -1;
    const actor = members > 1 ? `team-${k}` : "";
    for (let m = 0; m < members; m++, i++) {
      out.push({
        id: id("b"),
        actor,
        createdAt: START + Math.floor(r() * SPAN),
        paymentFingerprint: members > 1 ? `pf_team_${k}` : `pf_benign_${i}`,
        organizationId: members > 1 ? `org_team_${k}` : null,
        signupIp: `${100 + Math.floor(r() * 100)}.${Math.floor(r() * 256)}.${Math.floor(r() * 256)}.${1 + Math.floor(r() * 250)}`,
        asn: COMMON_ASN[Math.floor(r() * 3)],
        userAgent: BROWSERS[Math.floor(r() * BROWSERS.length)],
        // Popular prompts: a few common templates that hundreds of customers use.
        templateFamilies: r() < 0.3 ? [`fam_common_${Math.floor(r() * 12)}`] : [],
      });
    }
  }
  return out;
}
