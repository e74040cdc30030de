"use client";
// Starts an analysis (cluster suggestion, rule flags…), follows its progress, and refreshes the
// page when it has stored its results. A run already under way (another tab, the API, an import)
// is followed too.
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { FormError } from "@/components/ui/form-error";
import type { TAnalysisJson } from "@/lib/analysis/run-json";
import { formatCount, formatDateTime } from "@/lib/format";
import styles from "./clusters.module.css";

type TResult = Record<string, number | undefined>;
type TKind = "cluster_suggestion" | "rule_flags" | "template_families";

const LABELS: Record<TKind, { idle: string; busy: string }> = {
  cluster_suggestion: { idle: "Suggest clusters", busy: "Suggesting…" },
  rule_flags: { idle: "Run the rules", busy: "Running the rules…" },
  template_families: { idle: "Group templates", busy: "Grouping…" },
};

function summary(kind: TKind, r: TResult) {
  const n = (k: string) => formatCount(r[k] ?? 0);
  if (kind === "template_families") return `${n("prompts")} prompts grouped into ${n("families")} families (${n("grouped")} prompts in a family) in ${((r.ms ?? 0) / 1000).toFixed(1)} s.`;
  if (kind === "rule_flags") return `${n("samples")} samples checked by ruleset version ${r.rulesetVersion ?? "?"}: ${n("flags")} matches, ${n("added")} new flags.`;
  return (
    `${n("clusters")} suggested clusters of ${n("accounts")} accounts, tied by ${n("links")} links, from ${n("accountsRead")} accounts in ${((r.ms ?? 0) / 1000).toFixed(1)} s. ` +
    `${n("replaced")} earlier suggestions replaced; ${n("skipped")} left out as already decided; ${n("weakValues")} values too widely shared to count.`
  );
}
type TProgress = { step?: string; done?: number; total?: number };

const active = (r: TAnalysisJson | null) => r !== null && (r.status === "queued" || r.status === "running");

async function readError(res: Response) {
  try {
    return ((await res.json()) as { error?: { message?: string } }).error?.message ?? `The request failed (HTTP ${res.status}).`;
  } catch {
    return `The request failed (HTTP ${res.status}).`;
  }
}

type TProps = { caseId: string; kind: TKind; latest: TAnalysisJson | null; canRun: boolean; whyNot?: string; children?: React.ReactNode };

export function AnalysisPanel({ caseId, kind, latest, canRun, whyNot, children }: TProps) {
  const router = useRouter();
  const [run, setRun] = useState<TAnalysisJson | null>(latest);
  const [error, setError] = useState<string | null>(null);
  const [sending, setSending] = useState(false);

  useEffect(() => {
    if (!active(run)) return;
    const t = setTimeout(async () => {
      const res = await fetch(`/api/v1/analyses/${encodeURIComponent(run!.id)}`, { cache: "no-store" }).catch(() => null);
      if (!res?.ok) return setRun({ ...run! });
      const next = (await res.json()) as TAnalysisJson;
      setRun(next);
      if (!active(next)) router.refresh();
    }, 600);
    return () => clearTimeout(t);
  }, [run, router]);

  async function start() {
    setSending(true);
    setError(null);
    const res = await fetch(`/api/v1/cases/${encodeURIComponent(caseId)}/analyses`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ kind }),
    }).catch(() => null);
    setSending(false);
    if (!res) return setError("Casebook did not answer. Check your connection and try again.");
    if (!res.ok) return setError(await readError(res));
    setRun((await res.json()) as TAnalysisJson);
  }

  const p = (run?.progress ?? {}) as TProgress;
  const r = (run?.result ?? {}) as TResult;
  const busy = active(run);
  return (
    <div className={styles.panel} aria-live="polite">
      <div className={styles.rowBetween}>
        <div>{children}</div>
        <button type="button" className="btn btn-primary" onClick={start} disabled={!canRun || busy || sending} title={canRun ? undefined : whyNot}>
          {busy ? LABELS[kind].busy : LABELS[kind].idle}
        </button>
      </div>
      {busy ? (
        <div className={styles.progress}>
          <progress max={p.total || 1} value={p.done ?? 0} aria-label="Progress" />
          <span className="small">{run!.status === "queued" ? "Waiting for a worker…" : `${p.step ?? "starting"}…`}</span>
        </div>
      ) : run?.status === "succeeded" ? (
        <p className="small" data-testid="analysis-result">
          Last run {formatDateTime(run.finishedAt)}: {summary(kind, r)}
        </p>
      ) : run?.status === "failed" ? (
        <p className="form-error" role="alert">
          The last run failed: {run.error}
        </p>
      ) : null}
      {!canRun && whyNot ? <p className="small muted">{whyNot}</p> : null}
      <FormError message={error} />
    </div>
  );
}
