import { EmptyTab } from "@/components/cases/empty-tab";
import { loadCase, type TCaseParams } from "../load-case";

export default async function CapabilitiesPage({ params }: TCaseParams) {
  const { caseId } = await params;
  const { c } = await loadCase(caseId);
  return (
    <EmptyTab title="Capabilities" counts={[{ label: "Annotations", value: c.counts.annotations }]}>
      <p>
        The capabilities this campaign targeted (agentic reasoning, software engineering, chain-of-thought elicitation, tool use…)
        will be shown here, each with the annotated samples that support it.
      </p>
      <p className="muted">Annotating samples with capabilities arrives with the sample reader.</p>
    </EmptyTab>
  );
}
