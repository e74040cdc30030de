import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { AnalysisPanel } from "@/components/clusters/analysis-panel";
import { FamilyList } from "@/components/families/family-list";
import { analysisJson } from "@/lib/analysis/run-json";
import { latestAnalysis } from "@/lib/analysis/queries";
import { listFamilies } from "@/lib/families/queries";
import { formatCount } from "@/lib/format";
import { loadCase, type TCaseParams } from "../load-case";

export const metadata: Metadata = { title: "Templates" };

export default async function TemplatesPage({ params }: TCaseParams) {
  const { caseId } = await params;
  const { user, c } = await loadCase(caseId);
  const [families, run] = await Promise.all([listFamilies(user, c.id), latestAnalysis(user, c.id, "template_families")]);
  if (!families) notFound();
  return (
    <>
      <section className="panel" aria-labelledby="group-h">
        <h2 id="group-h">Template families</h2>
        <AnalysisPanel caseId={c.id} kind="template_families" latest={run ? analysisJson(run) : null} canRun={c.permissions.edit}>
          <p className="small muted">
            Groups the samples&apos; prompts into families of near-duplicates (MinHash over word shingles with LSH banding): the industrial-scale, repetitive templates of a
            distillation campaign. Accounts that share a family are linked when clusters are suggested; a family also used in another case you can see is flagged on the
            Clusters tab.
          </p>
        </AnalysisPanel>
      </section>
      <section className="panel" aria-labelledby="families-h">
        <h2 id="families-h">
          Families <span className="muted small">({formatCount(families.total)}{families.total > families.items.length ? `, the ${families.items.length} biggest shown` : ""})</span>
        </h2>
        <FamilyList items={families.items} />
      </section>
    </>
  );
}
