import { EmptyTab } from "@/components/cases/empty-tab";
import { loadCase, type TCaseParams } from "../load-case";

export default async function ExportsPage({ params }: TCaseParams) {
  const { caseId } = await params;
  await loadCase(caseId);
  return (
    <EmptyTab title="Exports">
      <p>
        Evidence packages built from this case will be listed here: a short, redacted package for a congressional committee, and a
        Bates-numbered package for counsel with natives, a SHA-256 manifest and a signature a recipient can verify offline.
      </p>
      <p className="muted">Building packages arrives with the export work.</p>
    </EmptyTab>
  );
}
