import type { Metadata } from "next";
import { formatCount } from "@/lib/format";
import { EvidenceTable } from "@/components/evidence/evidence-table";
import { listEvidence } from "@/lib/evidence/queries";
import { loadCase, type TCaseParams } from "../load-case";

export const metadata: Metadata = { title: "Evidence" };

export default async function EvidencePage({ params }: TCaseParams) {
  const { caseId } = await params;
  const { user, c } = await loadCase(caseId);
  const items = (await listEvidence(user, c.id)) ?? [];
  return (
    <section className="panel" aria-labelledby="evidence-h">
      <div className="tab-head">
        <h2 id="evidence-h">Evidence</h2>
        <dl className="inline-counts">
          <div>
            <dt>Evidence items</dt>
            <dd>{formatCount(items.length)}</dd>
          </div>
        </dl>
      </div>
      {items.length === 0 ? (
        <div className="empty">
          <p>Files you import become evidence items here, with their SHA-256 and chain of custody.</p>
        </div>
      ) : (
        <EvidenceTable items={items} />
      )}
    </section>
  );
}
