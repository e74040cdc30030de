"use client";
// The sample reader. Prompts and responses are written by the adversary: they are shown as plain
// React text inside <pre>, never as HTML or markdown, so nothing in them can run or render.
import Link from "next/link";
import { useParams } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import { formatCount } from "@/lib/format";
import { formatTimestamp } from "@/lib/format";
import type { TExchangeDetail } from "@/lib/exchanges/queries";
import styles from "./exchanges.module.css";

type TState = { kind: "loading" } | { kind: "error"; message: string } | { kind: "ok"; e: TExchangeDetail };

function isEmptyObject(v: unknown) {
  return v === null || v === undefined || (typeof v === "object" && !Array.isArray(v) && Object.keys(v as object).length === 0);
}

/** Mount with a key per exchange so each one starts from "loading". */
export function ExchangeViewer({ id, exchangeId, onClose }: { id: string; exchangeId: string; onClose: () => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  const [state, setState] = useState<TState>({ kind: "loading" });

  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) d.showModal();
  }, []);

  useEffect(() => {
    const ctrl = new AbortController();
    fetch(`/api/v1/exchanges/${encodeURIComponent(id)}`, { signal: ctrl.signal, cache: "no-store", headers: { "x-casebook-client": "ui" } })
      .then(async (res) => {
        if (!res.ok) {
          const body = (await res.json().catch(() => null)) as { error?: { message?: string } } | null;
          setState({ kind: "error", message: body?.error?.message ?? `Could not load the exchange (HTTP ${res.status}).` });
          return;
        }
        setState({ kind: "ok", e: (await res.json()) as TExchangeDetail });
      })
      .catch((err: unknown) => {
        if ((err as { name?: string })?.name !== "AbortError") setState({ kind: "error", message: "Could not load the exchange; check your connection." });
      });
    return () => ctrl.abort();
  }, [id]);

  const headingId = `viewer-h-${id}`;
  const { caseId } = useParams<{ caseId: string }>();

  return (
    <dialog
      ref={ref}
      role="dialog"
      aria-labelledby={headingId}
      className={styles.viewer}
      onClose={onClose}
      onClick={(e) => {
        // A click on the backdrop (the dialog element itself, outside its content) closes it.
        if (e.target === ref.current) ref.current?.close();
      }}
    >
      <div className={styles.inner}>
        <div className={styles.head}>
          <h2 id={headingId}>Exchange {exchangeId}</h2>
          <button type="button" className="btn" onClick={() => ref.current?.close()}>
            Close
          </button>
        </div>
        {state.kind === "loading" && <p className="muted">Loading…</p>}
        {state.kind === "error" && (
          <p className="form-error" role="alert">
            {state.message}
          </p>
        )}
        {state.kind === "ok" && <ExchangeBody e={state.e} triageHref={`/cases/${caseId}/triage?queue=all&at=${encodeURIComponent(id)}`} />}
      </div>
    </dialog>
  );
}

function ExchangeBody({ e, triageHref }: { e: TExchangeDetail; triageHref: string }) {
  const hasText = e.prompt !== null || e.response !== null;
  return (
    <>
      <dl className={`fact-list ${styles.facts}`}>
        <div>
          <dt>Account</dt>
          <dd className="mono">{e.accountId}</dd>
        </div>
        <div>
          <dt>Time</dt>
          <dd>{formatTimestamp(e.timestamp)}</dd>
        </div>
        <div>
          <dt>Model</dt>
          <dd>{e.model}</dd>
        </div>
        <div>
          <dt>Prompt tokens</dt>
          <dd>{e.promptTokens === null ? "—" : formatCount(e.promptTokens)}</dd>
        </div>
        <div>
          <dt>Completion tokens</dt>
          <dd>{e.completionTokens === null ? "—" : formatCount(e.completionTokens)}</dd>
        </div>
        <div>
          <dt>Request IP</dt>
          <dd className="mono">{e.requestIp ?? "—"}</dd>
        </div>
        <div className={styles.wide}>
          <dt>User agent</dt>
          <dd>{e.userAgent ?? "—"}</dd>
        </div>
        <div className={styles.wide}>
          <dt>Prompt SHA-256</dt>
          <dd className="mono hash">{e.promptSha256 ?? "—"}</dd>
        </div>
        {e.annotations.length > 0 && (
          <div className={styles.wide}>
            <dt>Capabilities</dt>
            <dd>
              <ul className="detail-lines">
                {e.annotations.map((a, i) => (
                  <li key={i}>
                    <strong>{a.capability}</strong>
                    {a.note ? ` — ${a.note}` : ""}
                  </li>
                ))}
              </ul>
            </dd>
          </div>
        )}
      </dl>

      {hasText ? (
        <>
          <p className="small">
            <Link href={triageHref}>Tag capabilities and highlight the evidence in triage →</Link>
          </p>
          <h3 className={styles.label}>Prompt</h3>
          {e.prompt !== null ? <pre className={styles.text}>{e.prompt}</pre> : <p className="muted">No prompt text.</p>}
          <h3 className={styles.label}>Response</h3>
          {e.response !== null ? <pre className={styles.text}>{e.response}</pre> : <p className="muted">No response text.</p>}
        </>
      ) : (
        <p className={styles.note}>Metadata only: this exchange has no prompt or response text.</p>
      )}

      {!isEmptyObject(e.metadata) && (
        <>
          <h3 className={styles.label}>Request metadata</h3>
          <pre className={styles.text}>{JSON.stringify(e.metadata, null, 2)}</pre>
        </>
      )}
      {!isEmptyObject(e.attributes) && (
        <>
          <h3 className={styles.label}>Other fields</h3>
          <pre className={styles.text}>{JSON.stringify(e.attributes, null, 2)}</pre>
        </>
      )}
    </>
  );
}
