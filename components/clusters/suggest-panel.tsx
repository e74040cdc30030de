"use client";
// "Suggest clusters": queue the suggestion job, follow its progress, and refresh the page when it
// has stored its clusters. A run already under way (from another tab or the API) is followed too.
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { FormError } from "@/components/ui/form-error";
import type { TAnalysisJson } from "@/lib/analysis/json";
import { formatCount, formatDateTime } from "@/lib/format";
import styles from "./clusters.module.css";

type TResult = { clusters?: number; accounts?: number; links?: number; replaced?: number; skipped?: number; weakValues?: number; ms?: number; accountsRead?: number };
type TProgress = { step?: string; done?: number; total?: number };

const active = (r: TAnalysisJson | null) => r !== null && (r.status === "queued" || r.status === "running");

async function readError(res: Response) {
  try {
    return ((await res.json()) as { error?: { message?: string } }).error?.message ?? `The request failed (HTTP ${res.status}).`;
  } catch {
    return `The request failed (HTTP ${res.status}).`;
  }
}

export function SuggestPanel({ caseId, latest, canRun, whyNot }: { caseId: string; latest: TAnalysisJson | null; canRun: boolean; whyNot?: string }) {
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
    const res = await fetch(`/api/v1/cases/${encodeURIComponent(caseId)}/clusters/suggest`, { method: "POST" }).catch(() => null);
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
        <div>
          <p className="small muted">
            Links accounts that share a payment fingerprint, an organization id, an IP range, an ASN with a user agent, a creation burst or a prompt template, weighing each
            shared value by how rare it is in the case. Re-running replaces suggestions nobody has acted on; accepted, rejected, analyst and imported clusters stay as they are.
          </p>
        </div>
        <button type="button" className="btn btn-primary" onClick={start} disabled={!canRun || busy || sending} title={canRun ? undefined : whyNot}>
          {busy ? "Suggesting…" : "Suggest clusters"}
        </button>
      </div>
      {busy ? (
        <div className={styles.progress}>
          <progress max={p.total || 1} value={p.done ?? 0} aria-label="Suggestion progress" />
          <span className="small">{run!.status === "queued" ? "Waiting for a worker…" : `${p.step ?? "starting"}…`}</span>
        </div>
      ) : run?.status === "succeeded" ? (
        <p className="small" data-testid="suggest-result">
          Last run {formatDateTime(run.finishedAt)}: {formatCount(r.clusters ?? 0)} suggested clusters of {formatCount(r.accounts ?? 0)} accounts, tied by{" "}
          {formatCount(r.links ?? 0)} links, from {formatCount(r.accountsRead ?? 0)} accounts in {((r.ms ?? 0) / 1000).toFixed(1)} s. {formatCount(r.replaced ?? 0)} earlier
          suggestions replaced; {formatCount(r.skipped ?? 0)} left out as already decided; {formatCount(r.weakValues ?? 0)} values too widely shared to count.
        </p>
      ) : run?.status === "failed" ? (
        <p className="form-error" role="alert">
          The last suggestion failed: {run.error}
        </p>
      ) : null}
      {!canRun && whyNot ? <p className="small muted">{whyNot}</p> : null}
      <FormError message={error} />
    </div>
  );
}
