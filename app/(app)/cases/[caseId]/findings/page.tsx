import { ExhibitList } from "@/components/findings/exhibit-list";
import { FindingSection } from "@/components/findings/findings-editor";
import { RedactionRules } from "@/components/findings/redaction-rules";
import styles from "@/components/findings/findings.module.css";
import { can } from "@/lib/authz";
import { caseContent, exhibitChoices } from "@/lib/exports/queries";
import { notFound } from "next/navigation";
import { loadCase, type TCaseParams } from "../load-case";

export default async function FindingsPage({ params }: TCaseParams) {
  const { caseId } = await params;
  const { user, c } = await loadCase(caseId);
  const [content, choices] = await Promise.all([caseContent(user, caseId), exhibitChoices(user, caseId)]);
  if (!content) notFound();
  const edit = can(user, "case.edit", c.facts);
  return (
    <div className={styles.layout}>
      <div>
        <h2>Findings</h2>
        <p className="muted small">
          Write the case&apos;s findings in Markdown, section by section. Cite exhibits with “Cite an exhibit”: a citation links to the item here and becomes a Bates reference in the PDF. {edit.ok ? null : `Read only: ${edit.reason}`}
        </p>
        {content.findings.map((f) => (
          <FindingSection key={`${f.section}-${f.version}`} caseId={caseId} finding={f} exhibits={content.exhibits} canEdit={edit.ok} />
        ))}
      </div>
      <aside className={styles.side}>
        <ExhibitList caseId={caseId} exhibits={content.exhibits} choices={choices} canEdit={edit.ok} />
        <RedactionRules caseId={caseId} redactions={content.redactions} canEdit={edit.ok} />
      </aside>
    </div>
  );
}
