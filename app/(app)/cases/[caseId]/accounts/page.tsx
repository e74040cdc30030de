import { EmptyTab } from "@/components/cases/empty-tab";
import { loadCase, type TCaseParams } from "../load-case";

export default async function AccountsPage({ params }: TCaseParams) {
  const { caseId } = await params;
  const { c } = await loadCase(caseId);
  return (
    <EmptyTab title="Accounts" counts={[{ label: "Accounts", value: c.counts.accounts }, { label: "Clusters", value: c.counts.clusters }]}>
      <p>Accounts imported from the detection pipeline will be listed here, with their clusters and linking signals.</p>
      <p className="muted">Importing account files arrives with the ingestion work.</p>
    </EmptyTab>
  );
}
