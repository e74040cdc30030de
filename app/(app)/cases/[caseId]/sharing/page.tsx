import { notFound } from "next/navigation";
import { PeerPanel } from "@/components/sharing/peer-panel";
import { SharePanel } from "@/components/sharing/share-panel";
import { can } from "@/lib/authz";
import { listPeerBundles, matchPeerBundle } from "@/lib/sharing/match";
import { listPartners, listShares, shareReads } from "@/lib/sharing/queries";
import { loadCase, type TCaseParams } from "../load-case";

export default async function SharingPage({ params }: TCaseParams) {
  const { caseId } = await params;
  const { user, c } = await loadCase(caseId);
  const [shares, partners, reads] = await Promise.all([listShares(user, caseId), listPartners(user), shareReads(user, caseId)]);
  if (!shares) notFound();
  const prepare = can(user, "share.prepare", c.facts);
  const peerImport = can(user, "peer.import", c.facts);
  const bundles = (await Promise.all((await listPeerBundles(user, caseId)).map((b) => matchPeerBundle(user, b.id)))).filter((m) => m !== null);
  return (
    <div>
      <h2>Sharing</h2>
      <SharePanel
        caseId={caseId}
        userId={user.id}
        partners={partners.map((p) => ({ id: p.id, name: p.name, keyFingerprint: p.keyFingerprint }))}
        shares={shares.map((s) => ({ ...s, reads: reads.get(s.id) ?? { reads: 0, objects: 0, last: null } }))}
        canPrepare={prepare.ok}
        whyNotPrepare={prepare.ok ? undefined : prepare.reason}
        canReview={can(user, "share.review", c.facts).ok}
      />
      <PeerPanel caseId={caseId} canImport={peerImport.ok} whyNotImport={peerImport.ok ? undefined : peerImport.reason} partners={partners.map((p) => ({ id: p.id, name: p.name }))} bundles={bundles} />
    </div>
  );
}
