import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { AnalysisPanel } from "@/components/clusters/analysis-panel";
import { CapabilityProfile } from "@/components/samples/capability-profile";
import { DrawForm } from "@/components/samples/draw-form";
import { DrawList } from "@/components/samples/draw-list";
import { analysisJson } from "@/lib/analysis/run-json";
import { RULES, RULESET_VERSION } from "@/lib/analysis/rules";
import { latestAnalysis } from "@/lib/analysis/queries";
import { listModels } from "@/lib/exchanges/queries";
import { capabilityProfile } from "@/lib/samples/queries";
import { loadCase, type TCaseParams } from "../load-case";

export const metadata: Metadata = { title: "Capabilities" };

export default async function CapabilitiesPage({ params, searchParams }: TCaseParams & { searchParams: Promise<{ draw?: string }> }) {
  const { caseId } = await params;
  const { user, c } = await loadCase(caseId);
  const { draw } = await searchParams;
  const [profile, models, rulesRun] = await Promise.all([capabilityProfile(user, c.id, draw), listModels(user, c.id), latestAnalysis(user, c.id, "rule_flags")]);
  if (!profile) notFound();
  return (
    <>
      <section className="panel" aria-labelledby="triage-h">
        <h2 id="triage-h">Triage</h2>
        <p className="small">
          Work through samples from the keyboard: tag capabilities, highlight the evidence, confirm or reject the rule flags.{" "}
          <Link href={`/cases/${c.id}/triage?queue=untriaged`}>Untriaged samples</Link> · <Link href={`/cases/${c.id}/triage?queue=flagged`}>Flagged</Link> ·{" "}
          <Link href={`/cases/${c.id}/triage?queue=all`}>All samples</Link>
        </p>
        <AnalysisPanel caseId={c.id} kind="rule_flags" latest={rulesRun ? analysisJson(rulesRun) : null} canRun={c.permissions.edit}>
          <details className="small">
            <summary>
              Rule flags (ruleset version {RULESET_VERSION}, {RULES.length} rules): they run after every import that brings samples
            </summary>
            <ul>
              {RULES.map((r) => (
                <li key={r.id}>
                  <span className="mono">{r.id}</span> v{r.version}: {r.name}. {r.description}
                </li>
              ))}
            </ul>
          </details>
        </AnalysisPanel>
      </section>
      <CapabilityProfile caseId={c.id} profile={profile} />
      <section className="panel" aria-labelledby="draws-h">
        <h2 id="draws-h">Random draws</h2>
        <p className="small muted">
          A random draw lets the tags of its exchanges stand for the whole frame. The seed, the method and the frame are recorded, so anyone holding the exchange ids and the
          seed can repeat it exactly. To draw more from the same frame, draw again with the same seed and a larger number: the first ones stay.
        </p>
        {c.permissions.edit ? <DrawForm caseId={c.id} models={models ?? []} /> : null}
        <DrawList caseId={c.id} draws={profile.draws} />
      </section>
    </>
  );
}
