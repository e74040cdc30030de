import type { Metadata } from "next";
import { ClusterTable } from "@/components/clusters/cluster-table";
import { CrossCase } from "@/components/clusters/cross-case";
import { StatusFilter } from "@/components/clusters/status-filter";
import { AnalysisPanel } from "@/components/clusters/analysis-panel";
import { analysisJson } from "@/lib/analysis/run-json";
import { can } from "@/lib/authz";
import { latestAnalysis } from "@/lib/analysis/queries";
import { crossCaseIndicators, listClusters } from "@/lib/clusters/queries";
import { loadCase, type TCaseParams } from "../load-case";

export const metadata: Metadata = { title: "Clusters" };

export default async function ClustersPage({ params, searchParams }: TCaseParams & { searchParams: Promise<{ status?: string }> }) {
  const { caseId } = await params;
  const { user, c } = await loadCase(caseId);
  const { status = "" } = await searchParams;
  const [clusters, latest, hits] = await Promise.all([listClusters(user, c.id), latestAnalysis(user, c.id, "cluster_suggestion"), crossCaseIndicators(user, c.id)]);
  const all = clusters ?? [];
  const shown = status ? all.filter((k) => k.status === status) : all;
  const counts: Record<string, number> = { "": all.length };
  for (const k of all) counts[k.status] = (counts[k.status] ?? 0) + 1;
  const decision = can(user, "case.edit", c.facts);
  return (
    <>
      <section className="panel" aria-labelledby="suggest-h">
        <h2 id="suggest-h">Suggested clusters</h2>
        <AnalysisPanel caseId={c.id} kind="cluster_suggestion" latest={latest ? analysisJson(latest) : null} canRun={decision.ok} whyNot={decision.ok ? undefined : decision.reason}>
          <p className="small muted">
            Links accounts that share a payment fingerprint, an organization id, an IP range, an ASN with a user agent, a creation burst or a prompt template, weighing each
            shared value by how rare it is in the case. Re-running replaces suggestions nobody has acted on; accepted, rejected, analyst and imported clusters stay as they are.
          </p>
        </AnalysisPanel>
      </section>
      <section className="panel" aria-labelledby="clusters-h">
        <div className="tab-head">
          <h2 id="clusters-h">Clusters</h2>
          <StatusFilter current={status} counts={counts} />
        </div>
        <ClusterTable caseId={c.id} rows={shown} />
      </section>
      <CrossCase hits={hits} scope="case" />
    </>
  );
}
