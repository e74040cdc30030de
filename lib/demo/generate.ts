// Deterministic synthetic campaigns, shaped like the public reports in DOMAIN.md: clusters of
// accounts tied by shared payment fingerprints, IP ranges, ASNs and user agents, opened in bursts,
// sending templated prompts that ask the model to spell out its reasoning. Pure: same seed, same
// rows. Used by the demo seed (and, at larger sizes, by the benchmarks).

export type TRandom = () => number;

/** mulberry32: small, fast, good enough for synthetic data, and the same on every machine. */
export function rng(seed: number): TRandom {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(r: TRandom, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];

export type TGenAccount = {
  account_id: string;
  created_at: string;
  email: string;
  display_name: string;
  country: string;
  signup_ip: string;
  asn: number;
  payment_fingerprint: string;
  user_agent: string;
  organization_id: string;
  status: "active" | "suspended" | "banned";
  cluster: string;
};

export type TGenExchange = {
  exchange_id: string;
  account_id: string;
  timestamp: string;
  model: string;
  prompt_tokens: number;
  completion_tokens: number;
  prompt?: string;
  response?: string;
  request_ip?: string;
  user_agent?: string;
};

export type TCampaignSpec = {
  seed: number;
  prefix: string;
  /** `labelled: false`: the pipeline did not label the cluster; the analyst has to find it. */
  clusters: { label: string; accounts: number; asn: number; country: string[]; ipBase: string; userAgent: string; labelled?: boolean }[];
  /** Ordinary customers on a common network with common browsers, spread over the window: the trap a naive linker falls into. */
  bystanders?: { accounts: number; asn: number; userAgents: string[] };
  windowStart: string;
  windowDays: number;
  exchanges: number;
  sampleRate: number;
  models: string[];
  /** Prompts with a {task} slot; the capability key each one targets. */
  templates: { text: string; capability: string }[];
  tasks: string[];
  hostileSample?: string;
};

const NAMES = ["Lin", "Kai", "Mei", "Jun", "Wei", "Hao", "Yan", "Ming", "Tao", "Xin", "Ana", "Sam", "Lee", "Rui", "Bo"];
const DOMAINS = ["example.net", "example.org", "example.com", "mail.example.net"];

export function generateCampaign(spec: TCampaignSpec): { accounts: TGenAccount[]; exchanges: (TGenExchange & { capability?: string })[] } {
  const r = rng(spec.seed);
  const start = Date.parse(spec.windowStart);
  const accounts: TGenAccount[] = [];
  let n = 0;
  for (const c of spec.clusters) {
    // Each cluster opens its accounts in a burst a few days before the window, sharing one or
    // two payment instruments and one /24.
    const burstStart = start - (3 + Math.floor(r() * 5)) * 86_400_000;
    const payments = [`pf_${Math.floor(r() * 0xffffff).toString(16).padStart(6, "0")}`, `pf_${Math.floor(r() * 0xffffff).toString(16).padStart(6, "0")}`];
    for (let i = 0; i < c.accounts; i++) {
      n++;
      const name = pick(r, NAMES);
      accounts.push({
        account_id: `${spec.prefix}${String(n).padStart(5, "0")}`,
        created_at: new Date(burstStart + Math.floor(r() * 36 * 3_600_000)).toISOString(),
        email: `${name.toLowerCase()}.${Math.floor(r() * 9000 + 1000)}@${pick(r, DOMAINS)}`,
        display_name: `${name} ${String.fromCharCode(65 + Math.floor(r() * 26))}`,
        country: pick(r, c.country),
        signup_ip: `${c.ipBase}.${1 + Math.floor(r() * 250)}`,
        asn: c.asn,
        payment_fingerprint: r() < 0.85 ? payments[0] : payments[1],
        user_agent: c.userAgent,
        // One organization per account (the random draw stays, so the rest of the data is unchanged):
        // random ids would collide now and then, and a shared org id is a strong link.
        organization_id: `org_${Math.floor(r() * 90000 + 10000)}${spec.prefix.slice(-1)}${n}`,
        status: r() < 0.7 ? "banned" : r() < 0.5 ? "suspended" : "active",
        cluster: c.labelled === false ? "" : c.label,
      });
    }
  }
  // Exchanges come from the actors' accounts only: the pipeline exported the suspect traffic.
  const actorAccounts = accounts.length;
  for (let i = 0; i < (spec.bystanders?.accounts ?? 0); i++) {
    const b = spec.bystanders!;
    n++;
    const name = pick(r, NAMES);
    accounts.push({
      account_id: `${spec.prefix}${String(n).padStart(5, "0")}`,
      created_at: new Date(start - 30 * 86_400_000 + Math.floor(r() * (30 + spec.windowDays) * 86_400_000)).toISOString(),
      email: `${name.toLowerCase()}.${Math.floor(r() * 9000 + 1000)}@${pick(r, DOMAINS)}`,
      display_name: `${name} ${String.fromCharCode(65 + Math.floor(r() * 26))}`,
      country: pick(r, ["US", "DE", "GB", "FR", "JP"]),
      signup_ip: `${11 + Math.floor(r() * 80)}.${Math.floor(r() * 256)}.${Math.floor(r() * 256)}.${1 + Math.floor(r() * 250)}`,
      asn: b.asn,
      payment_fingerprint: `pf_${Math.floor(r() * 0xffffffff).toString(16).padStart(8, "0")}`,
      user_agent: pick(r, b.userAgents),
      organization_id: `org_${Math.floor(r() * 90000 + 10000)}${spec.prefix.slice(-1)}${n}`,
      status: "active",
      cluster: "",
    });
  }
  const span = spec.windowDays * 86_400_000;
  const exchanges: (TGenExchange & { capability?: string })[] = [];
  const times: number[] = [];
  for (let i = 0; i < spec.exchanges; i++) times.push(start + Math.floor(r() * span));
  times.sort((a, b) => a - b);
  for (let i = 0; i < spec.exchanges; i++) {
    const acct = accounts[Math.floor(r() * actorAccounts)];
    const e: TGenExchange & { capability?: string } = {
      exchange_id: `${spec.prefix}ex_${String(i + 1).padStart(7, "0")}`,
      account_id: acct.account_id,
      timestamp: new Date(times[i]).toISOString(),
      model: pick(r, spec.models),
      prompt_tokens: 200 + Math.floor(r() * 1800),
      completion_tokens: 500 + Math.floor(r() * 6000),
    };
    if (r() < spec.sampleRate) {
      const t = pick(r, spec.templates);
      const task = pick(r, spec.tasks);
      e.prompt = t.text.replace("{task}", task);
      e.response = `Step 1 — restate the goal: ${task}.\nStep 2 — outline the plan and the tools to call.\nStep 3 — carry out each step, explaining the reasoning before each action.`;
      e.request_ip = acct.signup_ip;
      e.user_agent = acct.user_agent;
      e.capability = t.capability;
    }
    exchanges.push(e);
  }
  if (spec.hostileSample && exchanges.length) {
    const first = exchanges.find((e) => e.prompt) ?? exchanges[0];
    first.prompt = spec.hostileSample;
    first.response = "I can't run scripts; here is the text you sent, unchanged.";
  }
  return { accounts, exchanges };
}

/** Keys of the capability taxonomy every install starts with (prisma/migrations/…_capability_taxonomy). */
export const CAPABILITY_KEYS = [
  "agentic-reasoning",
  "software-engineering",
  "long-horizon",
  "tool-use",
  "cot-elicitation",
  "safety-probing",
  "math-reasoning",
  "multilingual",
  "other",
] as const;
