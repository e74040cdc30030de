"use client";
// The Sharing tab: prepare a share of the case's indicators for a partner lab (TLP, what goes), see
// what it carries before a reviewer approves it (never the preparer), withdraw it, download the exact
// bundle, and read the production log: what went to whom, approved by whom, read when.
import { useRouter } from "next/navigation";
import { useState } from "react";
import { approveShareAction, prepareShareAction, rejectShareAction, voidShareAction } from "@/app/(app)/cases/[caseId]/sharing/actions";
import { FormError } from "@/components/ui/form-error";
import { useActionForm } from "@/components/ui/use-action-form";
import { formatDateTime } from "@/lib/format";
import { SHARE_KIND_LABELS, SHARE_KINDS, TLP_LABELS, type TShareKind } from "@/lib/sharing/schema";
import { TLP_LEVELS, type TTlp } from "@/lib/sharing/tlp";
import styles from "./sharing.module.css";

export type TShareItem = {
  id: string;
  partner: { id: string; name: string };
  tlp: string;
  include: string[];
  status: string;
  counts: Record<string, number>;
  objectCount: number;
  sha256: string;
  validUntil: string;
  createdAt: string;
  requestedById: string;
  requestedBy: string;
  approvedBy: string | null;
  approvedAt: string | null;
  auditHead: { seq: string; hash: string } | null;
  reviewComment: string;
  voidReason: string | null;
  reads: { reads: number; objects: number; last: string | null };
};

type TProps = {
  caseId: string;
  userId: string;
  partners: { id: string; name: string; keyFingerprint: string }[];
  shares: TShareItem[];
  canPrepare: boolean;
  whyNotPrepare?: string;
  canReview: boolean;
};

const STATUS: Record<string, string> = { requested: "Waiting for review", changes_requested: "Sent back", approved: "Approved: in the partner's TAXII collection", voided: "Withdrawn" };
const DEFAULT_KINDS: TShareKind[] = ["payment_fingerprint", "org_id", "email", "email_domain", "ip_range", "asn_user_agent", "template_signature", "campaign"];

const countLabel = (kind: string) => SHARE_KIND_LABELS[kind as TShareKind]?.label ?? kind;

function ShareCard({ share, userId, canReview }: { share: TShareItem; userId: string; canReview: boolean }) {
  const router = useRouter();
  const form = useActionForm();
  const [comment, setComment] = useState("");
  const own = share.requestedById === userId;
  const done = () => (setComment(""), router.refresh());
  return (
    <article className="panel" aria-label={`Share with ${share.partner.name}, ${share.status}`} data-share-id={share.id}>
      <header>
        <h3>
          To {share.partner.name} <span className={`${styles.tlp} ${styles[`tlp_${share.tlp.replace("+", "_")}`]}`}>TLP:{share.tlp.toUpperCase()}</span> <span className="badge">{STATUS[share.status] ?? share.status}</span>
        </h3>
        <p className="small muted">
          Prepared by {share.requestedBy} on {formatDateTime(share.createdAt)}
          {share.approvedAt ? ` · approved by ${share.approvedBy} on ${formatDateTime(share.approvedAt)}, covering the audit log up to event ${share.auditHead?.seq}` : ""} · indicators valid until{" "}
          {formatDateTime(share.validUntil)}
        </p>
      </header>
      <ul className={styles.counts}>
        {Object.entries(share.counts).map(([k, n]) => (
          <li key={k}>
            <strong>{n.toLocaleString("en-US")}</strong> {countLabel(k)} {SHARE_KIND_LABELS[k as TShareKind]?.keyed ? <span className="small muted">(keyed)</span> : <span className="small muted">(in clear)</span>}
          </li>
        ))}
        {share.include.includes("campaign") ? <li>the campaign&apos;s window and volume</li> : null}
      </ul>
      <p className="small">
        {share.objectCount.toLocaleString("en-US")} STIX objects · SHA-256 <code className="mono">{share.sha256}</code> ·{" "}
        <a href={`/api/v1/shares/${share.id}/bundle`} download>
          Download the bundle
        </a>
      </p>
      {share.status === "approved" ? (
        <p className="small">{share.reads.reads ? `Read over TAXII ${share.reads.reads} time(s), ${share.reads.objects.toLocaleString("en-US")} objects, last on ${formatDateTime(share.reads.last!)}.` : "Not read by the partner yet."}</p>
      ) : null}
      {share.reviewComment ? <p className="small">Reviewer: {share.reviewComment}</p> : null}
      {share.voidReason ? <p className="small">Withdrawn: {share.voidReason}</p> : null}
      {canReview && (share.status === "requested" || share.status === "approved") ? (
        <div className="stack">
          <div className="field">
            <label htmlFor={`sc-${share.id}`}>{share.status === "approved" ? "Why withdraw it" : "Comment"}</label>
            <textarea id={`sc-${share.id}`} value={comment} onChange={(e) => setComment(e.target.value)} rows={2} />
          </div>
          <div className={styles.actions}>
            {share.status === "requested" ? (
              <>
                <button type="button" className="btn btn-small" disabled={form.pending} onClick={() => form.submit(() => rejectShareAction({ shareId: share.id, comment }), done)}>
                  Send back
                </button>
                <button
                  type="button"
                  className="btn btn-primary btn-small"
                  disabled={form.pending || own}
                  title={own ? "You prepared this share: another reviewer must approve it." : undefined}
                  onClick={() => form.submit(() => approveShareAction({ shareId: share.id, comment }), done)}
                >
                  Approve and publish to {share.partner.name}
                </button>
              </>
            ) : (
              <button type="button" className="btn btn-small" disabled={form.pending} onClick={() => form.submit(() => voidShareAction({ shareId: share.id, reason: comment }), done)}>
                Withdraw from the collection
              </button>
            )}
          </div>
        </div>
      ) : null}
      {!canReview && share.status === "requested" ? <p className="small muted">A reviewer assigned to this case, other than the preparer, approves it.</p> : null}
      <FormError message={form.formError} />
    </article>
  );
}

export function SharePanel({ caseId, userId, partners, shares, canPrepare, whyNotPrepare, canReview }: TProps) {
  const router = useRouter();
  const form = useActionForm();
  const [partnerId, setPartnerId] = useState(partners[0]?.id ?? "");
  const [tlp, setTlp] = useState<TTlp>("amber");
  const [kinds, setKinds] = useState<TShareKind[]>(DEFAULT_KINDS);
  const [validDays, setValidDays] = useState("90");
  const approved = shares.filter((s) => s.status === "approved");
  return (
    <div className="stack">
      <section className="panel" aria-labelledby="share-h">
        <h3 id="share-h">Share indicators with a partner lab</h3>
        <p className="small muted">
          Emails, email domains, payment fingerprints, organisation ids and account ids never leave in clear: they go as HMAC-SHA256 under the key agreed with the partner, so the partner can match them against its own
          accounts, no one else can read them, and two partners cannot link their copies. IP ranges, ASNs, user agents and template signatures go in clear. A reviewer of the case approves the bundle before the partner
          can read it.
        </p>
        {!partners.length ? (
          <p className="small">No partner lab yet: an admin adds one under Partners, with the key agreed with it.</p>
        ) : canPrepare ? (
          <form
            className="stack"
            onSubmit={(e) => {
              e.preventDefault();
              form.submit(() => prepareShareAction({ caseId, partnerId, tlp, include: kinds, validDays: Number(validDays) }), () => router.refresh());
            }}
          >
            <div className="field">
              <label htmlFor="share-partner">Partner</label>
              <select id="share-partner" value={partnerId} onChange={(e) => setPartnerId(e.target.value)} aria-invalid={Boolean(form.errors.partnerId)}>
                {partners.map((p) => (
                  <option key={p.id} value={p.id}>
                    {p.name} (key {p.keyFingerprint})
                  </option>
                ))}
              </select>
              {form.errors.partnerId ? <span className="field-error">{form.errors.partnerId}</span> : null}
            </div>
            <fieldset className={styles.fieldset}>
              <legend>TLP 2.0</legend>
              {TLP_LEVELS.map((l) => (
                <label key={l} className={styles.choice}>
                  <input type="radio" name="tlp" value={l} checked={tlp === l} onChange={() => setTlp(l)} /> {TLP_LABELS[l]}
                </label>
              ))}
            </fieldset>
            <fieldset className={styles.fieldset} aria-invalid={Boolean(form.errors.include)}>
              <legend>What goes</legend>
              {SHARE_KINDS.map((k) => (
                <label key={k} className={styles.choice}>
                  <input type="checkbox" checked={kinds.includes(k)} onChange={(e) => setKinds(e.target.checked ? SHARE_KINDS.filter((x) => x === k || kinds.includes(x)) : kinds.filter((x) => x !== k))} /> {SHARE_KIND_LABELS[k].label}{" "}
                  <span className="small muted">{k === "campaign" ? "" : SHARE_KIND_LABELS[k].keyed ? "(keyed)" : "(in clear)"}</span>
                </label>
              ))}
              {form.errors.include ? <span className="field-error">{form.errors.include}</span> : null}
            </fieldset>
            <div className="field inline">
              <label htmlFor="share-days">Valid for (days)</label>
              <input id="share-days" type="number" min={1} max={365} value={validDays} onChange={(e) => setValidDays(e.target.value)} aria-invalid={Boolean(form.errors.validDays)} />
              {form.errors.validDays ? <span className="field-error">{form.errors.validDays}</span> : null}
            </div>
            <div>
              <button type="submit" className="btn btn-primary" disabled={form.pending || !partnerId}>
                {form.pending ? "Preparing…" : "Prepare for review"}
              </button>
            </div>
          </form>
        ) : (
          <p className="small muted">{whyNotPrepare}</p>
        )}
        <FormError message={form.formError} />
      </section>
      {shares.map((s) => (
        <ShareCard key={s.id} share={s} userId={userId} canReview={canReview} />
      ))}
      {approved.length ? (
        <section className="panel" aria-labelledby="share-log-h">
          <h3 id="share-log-h">Sharing production log</h3>
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">Approved</th>
                <th scope="col">To</th>
                <th scope="col">TLP</th>
                <th scope="col">What</th>
                <th scope="col">Approved by</th>
                <th scope="col">Bundle SHA-256</th>
                <th scope="col">TAXII reads</th>
              </tr>
            </thead>
            <tbody>
              {approved.map((s) => (
                <tr key={s.id}>
                  <td>{formatDateTime(s.approvedAt!)}</td>
                  <td>{s.partner.name}</td>
                  <td>{s.tlp.toUpperCase()}</td>
                  <td className="small">{s.include.map(countLabel).join(", ")}</td>
                  <td>{s.approvedBy}</td>
                  <td className="mono small">{s.sha256.slice(0, 16)}…</td>
                  <td>{s.reads.reads ? `${s.reads.reads} (last ${formatDateTime(s.reads.last!)})` : "none yet"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ) : null}
    </div>
  );
}
