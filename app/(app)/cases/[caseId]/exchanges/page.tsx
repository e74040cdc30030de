import { EmptyTab } from "@/components/cases/empty-tab";
import { loadCase, type TCaseParams } from "../load-case";

export default async function ExchangesPage({ params }: TCaseParams) {
  const { caseId } = await params;
  const { c } = await loadCase(caseId);
  return (
    <EmptyTab title="Exchanges" counts={[{ label: "Exchanges", value: c.counts.exchanges }, { label: "Samples", value: c.counts.samples }]}>
      <p>
        Exchange records (account, time, model, token counts) will be browsable here, and the full-text samples will open in a
        reader where prompts and responses are shown as plain text.
      </p>
      <p className="muted">Importing exchange files and reading samples arrive with the ingestion work.</p>
    </EmptyTab>
  );
}
