"use client";
// Admin → Partners: add a partner lab with the key agreed with it (or make one, shown once), and
// give it TAXII tokens (each shown once) or revoke them. What the partner then reads is its one
// collection: the shares of any case approved for it.
import { useRouter } from "next/navigation";
import { useState } from "react";
import { createPartnerAction, createTaxiiTokenAction, revokeTaxiiTokenAction } from "@/app/(app)/admin/partners/actions";
import { CopyButton } from "@/components/evidence/copy-button";
import { FormError } from "@/components/ui/form-error";
import { useActionForm } from "@/components/ui/use-action-form";
import { formatDateTime } from "@/lib/format";
import styles from "./sharing.module.css";

export type TPartnerAdminRow = {
  id: string;
  name: string;
  contact: string;
  keyFingerprint: string;
  createdAt: string;
  tokens: { id: string; name: string; prefix: string; createdAt: string; lastUsedAt: string | null; revokedAt: string | null }[];
};

function Secret({ label, value, children, onDismiss }: { label: string; value: string; children?: React.ReactNode; onDismiss: () => void }) {
  return (
    <div className={styles.secret} role="status">
      <p>
        <strong>Copy this now; it will not be shown again.</strong> {label}
      </p>
      <div className={styles.row}>
        <input className="mono" readOnly value={value} aria-label={label} onFocus={(e) => e.currentTarget.select()} size={Math.min(70, value.length + 2)} />
        <CopyButton value={value} />
      </div>
      {children}
      <button type="button" className="btn btn-ghost btn-small" onClick={onDismiss}>
        I have copied it
      </button>
    </div>
  );
}

function PartnerCard({ p }: { p: TPartnerAdminRow }) {
  const router = useRouter();
  const form = useActionForm();
  const [name, setName] = useState("");
  const [made, setMade] = useState<{ token: string; origin: string } | null>(null);
  return (
    <article className="panel" aria-label={`Partner ${p.name}`}>
      <h3>{p.name}</h3>
      <p className="small muted">
        {p.contact ? `${p.contact} · ` : ""}sharing key <code className="mono">{p.keyFingerprint}</code> (first 16 hex of its SHA-256: compare it with the partner by phone) · TAXII collection <code className="mono">{p.id}</code>
      </p>
      {made ? (
        <Secret label={`TAXII token for ${p.name}`} value={made.token} onDismiss={() => setMade(null)}>
          <p className="small">Their client reads:</p>
          <pre className="code-example small">{`curl -H "Authorization: Bearer ${made.token}" -H "Accept: application/taxii+json;version=2.1" ${made.origin}/taxii2/api/collections/${p.id}/objects/`}</pre>
        </Secret>
      ) : null}
      {p.tokens.length ? (
        <table className="data-table">
          <thead>
            <tr>
              <th scope="col">Token</th>
              <th scope="col">Name</th>
              <th scope="col">Created</th>
              <th scope="col">Last used</th>
              <th scope="col">
                <span className="sr-only">Revoke</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {p.tokens.map((t) => (
              <tr key={t.id}>
                <td className="mono">{t.prefix}</td>
                <td>{t.name}</td>
                <td>{formatDateTime(t.createdAt)}</td>
                <td>{t.lastUsedAt ? formatDateTime(t.lastUsedAt) : "never"}</td>
                <td>
                  {t.revokedAt ? (
                    <span className="small muted">revoked {formatDateTime(t.revokedAt)}</span>
                  ) : (
                    <button type="button" className="btn btn-small" disabled={form.pending} onClick={() => form.submit(() => revokeTaxiiTokenAction({ tokenId: t.id }), () => router.refresh())}>
                      Revoke {t.prefix}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="small">No TAXII token yet: the partner cannot read what is shared with it until it has one.</p>
      )}
      <form
        className={styles.row}
        onSubmit={(e) => {
          e.preventDefault();
          form.submit(() => createTaxiiTokenAction({ partnerId: p.id, name }), (d) => (setMade({ token: d.token, origin: window.location.origin }), setName(""), router.refresh()));
        }}
      >
        <div className="field">
          <label htmlFor={`tok-${p.id}`}>New TAXII token, named for its use</label>
          <input id={`tok-${p.id}`} value={name} maxLength={100} placeholder="e.g. their TAXII client" onChange={(e) => setName(e.target.value)} aria-invalid={Boolean(form.errors.name)} />
          {form.errors.name ? <span className="field-error">{form.errors.name}</span> : null}
        </div>
        <button type="submit" className="btn" disabled={form.pending}>
          Create token
        </button>
      </form>
      <FormError message={form.formError} />
    </article>
  );
}

export function PartnerAdmin({ partners }: { partners: TPartnerAdminRow[] }) {
  const router = useRouter();
  const form = useActionForm();
  const [name, setName] = useState("");
  const [contact, setContact] = useState("");
  const [key, setKey] = useState("");
  const [made, setMade] = useState<{ name: string; key: string } | null>(null);
  return (
    <div className="stack">
      {partners.map((p) => (
        <PartnerCard key={p.id} p={p} />
      ))}
      <section className="panel" aria-labelledby="new-partner-h">
        <h2 id="new-partner-h">Add a partner lab</h2>
        <p className="small muted">
          Agree one 32-byte key with each partner: it keys the identifiers you send it and those it sends you, so each side can match them against its own data. Paste the key the partner sent (64 hex characters or
          base64), or leave it empty and Casebook makes one, shown once, for you to send it by a channel you both trust. The key is stored encrypted, under a key kept outside the database.
        </p>
        {made ? <Secret label={`Sharing key for ${made.name} (base64)`} value={made.key} onDismiss={() => setMade(null)} /> : null}
        <form
          className="stack"
          onSubmit={(e) => {
            e.preventDefault();
            form.submit(
              () => createPartnerAction({ name, contact, key }),
              (d) => {
                if (d.generatedKey) setMade({ name: d.name, key: d.generatedKey });
                setName("");
                setContact("");
                setKey("");
                router.refresh();
              },
            );
          }}
        >
          <div className="field">
            <label htmlFor="partner-name">Name</label>
            <input id="partner-name" value={name} maxLength={120} onChange={(e) => setName(e.target.value)} aria-invalid={Boolean(form.errors.name)} />
            {form.errors.name ? <span className="field-error">{form.errors.name}</span> : null}
          </div>
          <div className="field">
            <label htmlFor="partner-contact">Contact (optional)</label>
            <input id="partner-contact" value={contact} maxLength={300} placeholder="e.g. trust-safety@partner.example" onChange={(e) => setContact(e.target.value)} />
          </div>
          <div className="field">
            <label htmlFor="partner-key">Sharing key (optional)</label>
            <input id="partner-key" className="mono" value={key} autoComplete="off" spellCheck={false} onChange={(e) => setKey(e.target.value)} aria-invalid={Boolean(form.errors.key)} />
            {form.errors.key ? <span className="field-error">{form.errors.key}</span> : null}
          </div>
          <div>
            <button type="submit" className="btn btn-primary" disabled={form.pending}>
              Add partner
            </button>
          </div>
        </form>
        <FormError message={form.formError} />
      </section>
    </div>
  );
}
