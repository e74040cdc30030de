"use client";
// The Exports tab: request a package for a profile, review it (comment, request changes, approve —
// never your own request), follow the build with a progress bar, download, and see the case's
// production log. What voided an approval is said where the approval was.
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { approveExportAction, commentExportAction, rejectExportAction, requestExportAction, resubmitExportAction, retryExportAction } from "@/app/(app)/cases/[caseId]/exports/actions";
import { FormError } from "@/components/ui/form-error";
import { useActionForm } from "@/components/ui/use-action-form";
import type { TCaseContent, TExportList } from "@/lib/exports/queries";
import { EXPORT_PROFILES, PROFILE_LABELS, type TExportProfile } from "@/lib/exports/schema";
import { RULE_LABELS, type TRedactionRule } from "@/lib/findings/schema";
import { formatBytes, formatDateTime } from "@/lib/format";
import { ExportContent } from "./export-content";
import styles from "./exports.module.css";

type TExport = TExportList["exports"][number];
/** What a review comment can be about: a findings section or an exhibit ("" for the whole export). */
export type TCommentTarget = { value: string; label: string };
type TProps = { caseId: string; userId: string; list: TExportList; canRequest: boolean; canReview: boolean; whyNotRequest?: string; targets: TCommentTarget[]; content: Pick<TCaseContent, "findings" | "exhibits"> };

const STATUS: Record<string, string> = {
  requested: "Waiting for review",
  changes_requested: "Changes requested",
  approved: "Approved, queued to build",
  building: "Building",
  built: "Built",
  failed: "Build failed",
  voided: "Approval voided",
  blocked: "Stopped: personal data",
};

/** A build the congressional guard stopped: what it found (masked), where, and the two fixes. */
function PolicyStop({ caseId, x, canRequest, pending, onResubmit }: { caseId: string; x: TExport; canRequest: boolean; pending: boolean; onResubmit: () => void }) {
  const blockers = x.blockers ?? [];
  const rules = [...new Set(blockers.map((b): string => b.rule))].filter((r): r is TRedactionRule => r in RULE_LABELS);
  return (
    <div className={styles.stop} role="alert">
      <p>
        <strong>Nothing was built:</strong> this congressional package would carry personal data of account holders. No Bates numbers were used. Retrying cannot help until the content changes.
      </p>
      <ul className={styles.blockers}>
        {blockers.map((b, i) => (
          <li key={i}>
            {b.kind} <code>{b.masked}</code>: {b.where.join("; ")}
          </li>
        ))}
      </ul>
      <p>Either fix, then resubmit it for review:</p>
      <ul>
        <li>
          <strong>Withhold it by hand:</strong> take it out of the finding that quotes it (<a href={`/cases/${caseId}/findings`}>Findings</a>), or select it in the sample and withhold it (<a href={`/cases/${caseId}/triage`}>Triage</a>).
        </li>
        <li>
          <strong>Turn on a rule</strong> in <a href={`/cases/${caseId}/findings`}>Findings → Redactions</a>: {rules.map((r) => RULE_LABELS[r]).join(", ") || "the rule for it"}. A rule withholds every such value from every package of this case, legal referrals included.
        </li>
      </ul>
      {x.contentChanged ? (
        canRequest ? (
          <button type="button" className="btn btn-primary btn-small" disabled={pending} onClick={onResubmit}>
            Resubmit for review
          </button>
        ) : (
          <p className="small muted">The content has changed: an analyst of the case resubmits it for review.</p>
        )
      ) : (
        <p className="small muted">Resubmitting is offered once the findings, exhibits or redactions have changed.</p>
      )}
    </div>
  );
}

function Progress({ x }: { x: TExport }) {
  const p = (x.progress ?? {}) as { step?: string; done?: number; total?: number };
  const pct = p.total ? Math.round(((p.done ?? 0) / p.total) * 100) : 0;
  return (
    <div>
      <progress max={100} value={pct} aria-label="Build progress">
        {pct}%
      </progress>{" "}
      <span className="small muted">{p.step ?? "Waiting for a worker…"}</span>
    </div>
  );
}

type TCardProps = { caseId: string; userId: string; x: TExport; canRequest: boolean; canReview: boolean; targets: TCommentTarget[]; content: TProps["content"] };

function ExportCard({ caseId, userId, x, canRequest, canReview, targets, content }: TCardProps) {
  const router = useRouter();
  const form = useActionForm();
  const [comment, setComment] = useState("");
  const [target, setTarget] = useState("");
  const own = x.requestedById === userId;
  return (
    <article className="panel" aria-label={`${PROFILE_LABELS[x.profile as TExportProfile]} export ${x.id}`} data-export-id={x.id}>
      <header>
        <h3>
          {PROFILE_LABELS[x.profile as TExportProfile]} <span className={`badge`}>{STATUS[x.status] ?? x.status}</span>
        </h3>
        <p className="small muted">
          Requested by {x.requestedBy} on {formatDateTime(x.createdAt)}
          {x.approval ? ` · approved by ${x.approvedBy} on ${formatDateTime(x.approval.at!)}, covering the audit log up to event ${x.approval.auditHead.seq}` : ""}
        </p>
      </header>
      {x.status === "voided" ? (
        <div className={styles.actions}>
          <p role="status">The approval no longer holds: {x.voidReason}</p>
          {canRequest ? (
            <button type="button" className="btn btn-small" disabled={form.pending} onClick={() => form.submit(() => requestExportAction({ caseId, profile: x.profile as TExportProfile }), () => router.refresh())}>
              Request again
            </button>
          ) : null}
        </div>
      ) : null}
      {x.status === "failed" ? (
        <div className={styles.actions}>
          <p role="alert" className="form-error">
            The build failed: {x.error}
          </p>
          {canReview ? (
            <button type="button" className="btn btn-small" disabled={form.pending} onClick={() => form.submit(() => retryExportAction({ exportId: x.id }), () => router.refresh())}>
              Retry the build
            </button>
          ) : null}
        </div>
      ) : null}
      {x.status === "blocked" ? <PolicyStop caseId={caseId} x={x} canRequest={canRequest} pending={form.pending} onResubmit={() => form.submit(() => resubmitExportAction({ exportId: x.id }), () => router.refresh())} /> : null}
      {x.status === "approved" || x.status === "building" ? <Progress x={x} /> : null}
      {x.status === "built" ? (
        <div>
          <p>
            {x.pageCount} pages, Bates {x.bates?.first}–{x.bates?.last}, {formatBytes(x.sizeBytes ?? 0)}. SHA-256 <code>{x.sha256}</code>
          </p>
          <a className="btn btn-primary" href={`/api/v1/exports/${x.id}/download`} download>
            Download package
          </a>
        </div>
      ) : null}
      {x.reviews.length ? (
        <ul className="small">
          {x.reviews.map((r) => (
            <li key={r.id}>
              <strong>{r.author}</strong> {r.verdict === "approved" ? "approved" : r.verdict === "changes_requested" ? "requested changes" : "commented"}
              {r.target ? ` on ${r.target}` : ""}, {formatDateTime(r.at)}
              {r.body ? `: ${r.body}` : ""}
            </li>
          ))}
        </ul>
      ) : null}
      {x.status === "requested" || x.status === "changes_requested" ? (
        <div className="stack">
          <details open={canReview && x.status === "requested"}>
            <summary>What this export carries: the findings and exhibits as they stand now</summary>
            <ExportContent content={content} />
            <p className="small muted">
              Edited in the <a href={`/cases/${caseId}/findings`}>Findings tab</a>; an approval covers them as they are when you approve.
            </p>
          </details>
          <div className="field">
            <label htmlFor={`t-${x.id}`}>About</label>
            <select id={`t-${x.id}`} value={target} onChange={(e) => setTarget(e.target.value)}>
              <option value="">The export as a whole</option>
              {targets.map((t) => (
                <option key={t.value} value={t.value}>
                  {t.label}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor={`c-${x.id}`}>Comment</label>
            <textarea id={`c-${x.id}`} value={comment} onChange={(e) => setComment(e.target.value)} rows={2} />
          </div>
          <div className={styles.actions}>
            <button type="button" className="btn btn-small" disabled={!comment.trim() || form.pending} onClick={() => form.submit(() => commentExportAction({ exportId: x.id, target: targets.find((t) => t.value === target)?.label ?? "", body: comment }), () => (setComment(""), router.refresh()))}>
              Comment
            </button>
            {canReview && x.status === "requested" ? (
              <>
                <button type="button" className="btn btn-small" disabled={form.pending} onClick={() => form.submit(() => rejectExportAction({ exportId: x.id, comment }), () => (setComment(""), router.refresh()))}>
                  Request changes
                </button>
                <button
                  type="button"
                  className="btn btn-primary btn-small"
                  disabled={form.pending || own}
                  title={own ? "You requested this export: another reviewer must approve it." : undefined}
                  onClick={() => form.submit(() => approveExportAction({ exportId: x.id, comment }), () => (setComment(""), router.refresh()))}
                >
                  Approve and build
                </button>
              </>
            ) : null}
            {canRequest && x.status === "changes_requested" ? (
              <button type="button" className="btn btn-small" disabled={form.pending} onClick={() => form.submit(() => resubmitExportAction({ exportId: x.id }), () => router.refresh())}>
                Resubmit for review
              </button>
            ) : null}
          </div>
          {!canReview && x.status === "requested" ? <p className="small muted">A reviewer assigned to this case, other than the requester, approves it.</p> : null}
        </div>
      ) : null}
      <FormError message={form.formError} />
    </article>
  );
}

export function ExportPanel({ caseId, userId, list, canRequest, canReview, whyNotRequest, targets, content }: TProps) {
  const router = useRouter();
  const form = useActionForm();
  const [profile, setProfile] = useState<TExportProfile>("legal_referral");
  const building = list.exports.some((x) => x.status === "approved" || x.status === "building");
  useEffect(() => {
    if (!building) return;
    const t = setInterval(() => router.refresh(), 1000);
    return () => clearInterval(t);
  }, [building, router]);
  return (
    <div className="stack">
      <section className="panel" aria-labelledby="req-h">
        <h3 id="req-h">Request an export</h3>
        <p className="small muted">
          A congressional letter is the short, public-safe cut: counts, window, capabilities, figures and a few exhibits, with no personal data. A legal referral carries everything: exhibits with full metadata, every
          account of the clusters, the chain of custody, an audit excerpt, a draft FRE 902(13)/(14) certification and the redaction log.
        </p>
        {canRequest ? (
          <form
            className={styles.actions}
            onSubmit={(e) => {
              e.preventDefault();
              form.submit(() => requestExportAction({ caseId, profile }), () => router.refresh());
            }}
          >
            <div className="field inline">
              <label htmlFor="profile">Profile</label>
              <select id="profile" value={profile} onChange={(e) => setProfile(e.target.value as TExportProfile)}>
                {EXPORT_PROFILES.map((p) => (
                  <option key={p} value={p}>
                    {PROFILE_LABELS[p]}
                  </option>
                ))}
              </select>
            </div>
            <button type="submit" className="btn btn-primary" disabled={form.pending}>
              Request export
            </button>
          </form>
        ) : (
          <p className="small muted">{whyNotRequest}</p>
        )}
        <FormError message={form.formError} />
      </section>
      {list.exports.map((x) => (
        <ExportCard key={x.id} caseId={caseId} userId={userId} x={x} canRequest={canRequest} canReview={canReview} targets={targets} content={content} />
      ))}
      {list.productions.length ? (
        <section className="panel" aria-labelledby="prod-h">
          <h3 id="prod-h">Production log</h3>
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">Bates range</th>
                <th scope="col">Export</th>
                <th scope="col">Built</th>
              </tr>
            </thead>
            <tbody>
              {list.productions.map((p) => (
                <tr key={p.exportId}>
                  <td>
                    {p.prefix}-{String(p.first).padStart(7, "0")} – {p.prefix}-{String(p.last).padStart(7, "0")}
                  </td>
                  <td>{p.exportId}</td>
                  <td>{formatDateTime(p.at)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ) : null}
    </div>
  );
}
