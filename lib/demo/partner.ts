// The demo's partner lab: "Meridian AI", with a key agreed with us (a fixed demo key: never use it
// for real), and the STIX bundle it sent, keyed with that key. About a third of the Qwen-lab case's
// accounts also opened accounts at Meridian, so part of its bundle matches: their emails, cards and
// one signup network; the rest names accounts we do not have.
import { createHash } from "node:crypto";
import { Readable } from "node:stream";
import { mustRunAction } from "../action";
import { seedActor } from "../actors";
import type { TPerson } from "../authz";
import { db } from "../db";
import { createPartnerAction } from "../sharing/mutations";
import { importPeerBundle } from "../sharing/peer-import";
import { buildBundle } from "../sharing/stix";
import type { TKeyedKind } from "../sharing/keyed";

export const DEMO_PARTNER = "Meridian AI (demo partner)";
/** Not a secret: the demo's partner key, so anyone can rebuild its bundle. */
export const DEMO_PARTNER_KEY = createHash("sha256").update("casebook demo partner key: Meridian AI").digest();

export async function seedPartner(admin: TPerson, analyst: TPerson, caseId: string): Promise<{ matchedEmails: number }> {
  const partner = await mustRunAction(createPartnerAction, seedActor(admin), { name: DEMO_PARTNER, contact: "trust-safety@meridian.example", key: DEMO_PARTNER_KEY.toString("hex") });
  const accounts = await db().account.findMany({ where: { caseId }, orderBy: { id: "asc" }, select: { email: true, paymentFingerprint: true, ipPrefix: true } });
  const shared = accounts.filter((_, i) => i % 3 === 0);
  const keyed: { kind: TKeyedKind; value: string }[] = [];
  for (const a of shared) {
    if (a.email) keyed.push({ kind: "email", value: a.email });
    if (a.paymentFingerprint) keyed.push({ kind: "payment_fingerprint", value: a.paymentFingerprint });
  }
  // Accounts of theirs we never saw.
  for (let i = 0; i < 40; i++) keyed.push({ kind: "email", value: `m${i}.harvest@mailbox-${i % 7}.example` });
  const ranges = [...new Set(shared.map((a) => a.ipPrefix).filter((p): p is string => !!p))].slice(0, 1);
  const now = new Date();
  const bundle = buildBundle({
    lab: { name: "Meridian AI" },
    recipient: { id: partner.id, name: "Casebook demo lab", key: DEMO_PARTNER_KEY },
    case: { id: "meridian-2026-017", ref: "MER-2026-017", title: "Reasoning-trace harvesting" },
    tlp: "amber",
    created: new Date(now.getTime() - 86_400_000),
    modified: new Date(now.getTime() - 86_400_000),
    validFrom: new Date(now.getTime() - 86_400_000),
    validUntil: new Date(now.getTime() + 180 * 86_400_000),
    window: { first: new Date("2026-04-20T00:00:00Z"), last: new Date("2026-06-04T00:00:00Z") },
    volume: { accounts: 9_100, exchanges: 6_400_000 },
    keyed,
    ipRanges: [...ranges, "198.18.7.0/24"],
    asnUserAgents: [],
    templateSignatures: [],
  });
  const r = await importPeerBundle(seedActor(analyst), {
    caseId,
    partnerId: partner.id,
    fileName: "meridian-ai-stix-2026-06.json",
    via: "seed",
    source: "Meridian AI's TAXII collection for us",
    body: Readable.from([Buffer.from(JSON.stringify(bundle), "utf8")]),
  });
  if (!r.ok) throw new Error(`demo partner bundle refused: ${r.error.message}`);
  return { matchedEmails: shared.filter((a) => a.email).length };
}
