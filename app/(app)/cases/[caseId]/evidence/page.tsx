import { EmptyTab } from "@/components/cases/empty-tab";
import { loadCase, type TCaseParams } from "../load-case";

export default async function EvidencePage({ params }: TCaseParams) {
  const { caseId } = await params;
  const { c } = await loadCase(caseId);
  return (
    <EmptyTab title="Evidence" counts={[{ label: "Evidence items", value: c.counts.evidence }]}>
      <p>
        Every artifact of the case (imported files, attachments) will be listed here with its SHA-256, size and chain of custody:
        who acquired it, when and how.
      </p>
      <p className="muted">Evidence items are recorded by the ingestion work; attachments arrive after it.</p>
    </EmptyTab>
  );
}
