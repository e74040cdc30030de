// Pure helpers for clusters: a readable, unique name for a suggestion from its strongest signal,
// and the overlap of two member sets.

export const SIGNAL_LABELS: Record<string, string> = {
  payment_fingerprint: "Payment",
  organization_id: "Org",
  ip_prefix: "IP range",
  asn_user_agent: "ASN + UA",
  creation_burst: "Burst",
  template_family: "Template",
  imported_label: "Pipeline label",
  analyst: "Analyst",
};

export const signalLabel = (kind: string) => SIGNAL_LABELS[kind] ?? kind.replaceAll("_", " ");

const clip = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

/** "Payment pf_9c2e0a · 40 accounts", made unique among `taken` with " (2)", " (3)"… */
export function clusterTitle(signals: readonly { kind: string; value: string }[], size: number, taken: ReadonlySet<string>): string {
  const top = signals[0];
  const base = `${top ? `${signalLabel(top.kind)} ${clip(top.value, 48)}` : "Linked accounts"} · ${size.toLocaleString("en-US")} accounts`;
  if (!taken.has(base)) return base;
  for (let i = 2; ; i++) if (!taken.has(`${base} (${i})`)) return `${base} (${i})`;
}

/** |a ∩ b| / |a ∪ b|; 0 for two empty sets. */
export function jaccard<T>(a: ReadonlySet<T>, b: ReadonlySet<T>): number {
  if (!a.size && !b.size) return 0;
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let both = 0;
  for (const x of small) if (large.has(x)) both++;
  return both / (a.size + b.size - both);
}
