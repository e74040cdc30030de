import { notFound } from "next/navigation";
import { SharePanel } from "@/components/sharing/share-panel";
import { can } from "@/lib/authz";
import { listPartners, listShares, shareReads } from "@/lib/sharing/queries";
import { loadCase, type TCaseParams } from "../load-case";

export default async function SharingPage({ params }: TCaseParams) {
  const { caseId } = await params;
  const { user, c } = await loadCase(caseId);
  const [shares, partners, reads] = await Promise.all([listShares(user, caseId), listPartners(user), shareReads(user, caseId)]);
  if (!shares) notFound();
  const prepare = can(user, "share.prepare", c.facts);
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
    </div>
  );
}
