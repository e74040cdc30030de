"use client";
// The Sharing tab's other half: a partner's STIX bundle in (a file, or its TAXII collection read with
// the token it gave us), kept as evidence, and what of it matches our accounts, clusters, template
// families and cases (every case the viewer may see). Keyed values are shown by the end of their MAC
// only: the partner's raw data is not ours to show, and we never had it.
import { useRouter } from "next/navigation";
import { useState } from "react";
import { FormError } from "@/components/ui/form-error";
import type { TDetail } from "@/components/ui/form-errors";
import { useActionForm } from "@/components/ui/use-action-form";
import type { TResult } from "@/lib/action";
import { formatDateTime } from "@/lib/format";
import type { TPeerMatches } from "@/lib/sharing/match";
import { SHARE_KIND_LABELS, type TShareKind } from "@/lib/sharing/schema";
import styles from "./sharing.module.css";

type TProps = { caseId: string; canImport: boolean; whyNotImport?: string; partners: { id: string; name: string }[]; bundles: TPeerMatches[] };

const kindLabel = (k: string) => SHARE_KIND_LABELS[k as TShareKind]?.label ?? k;

/** A fetch to an API route, as a result the form hook reads (the route answers the contract's errors). */
async function send(url: string, init: RequestInit): Promise<TResult<{ id: string; duplicate: boolean }>> {
  const res = await fetch(url, { ...init, headers: { "x-casebook-client": "ui", ...init.headers } });
  const body = (await res.json().catch(() => ({}))) as { id?: string; duplicate?: boolean; error?: { code: string; message: string; details: TDetail[] } };
  if (res.ok) return { ok: true, data: { id: body.id!, duplicate: Boolean(body.duplicate) } };
  return { ok: false, error: (body.error as never) ?? { code: "internal", message: `The server answered ${res.status}.`, details: [] } };
}

function Matches({ m }: { m: TPeerMatches }) {
  const matched = m.matches.length;
  return (
    <article className="panel" aria-label={`Bundle from ${m.bundle.partner.name}`} data-peer-bundle={m.bundle.id}>
      <h3>
        From {m.bundle.partner.name}
        {m.bundle.tlp ? <span className={`${styles.tlp} ${styles[`tlp_${m.bundle.tlp.replace("+", "_")}`]}`}> TLP:{m.bundle.tlp.toUpperCase()}</span> : null}
      </h3>
      <p className="small muted">
        {m.bundle.evidence.originalName}, imported {formatDateTime(m.bundle.importedAt)} · evidence SHA-256 <code className="mono">{m.bundle.evidence.sha256.slice(0, 16)}…</code> · {m.bundle.indicators.toLocaleString("en-US")} indicators
        {m.bundle.skipped ? ` (${m.bundle.skipped} of other shapes, not matched)` : ""}
        {m.bundle.lab ? ` · sent as “${m.bundle.lab}”` : ""}
      </p>
      <p>
        <strong>{matched ? `${matched.toLocaleString("en-US")} of their indicators match` : "None of their indicators matches"}</strong> what this Casebook holds
        {m.cases.length ? ` in ${m.cases.length} case(s) you can see.` : "."}
      </p>
      <table className="data-table">
        <caption className="sr-only">Matches by kind</caption>
        <thead>
          <tr>
            <th scope="col">Kind</th>
            <th scope="col">Their indicators</th>
            <th scope="col">Past valid_until</th>
            <th scope="col">Matched</th>
            <th scope="col">Our accounts</th>
          </tr>
        </thead>
        <tbody>
          {m.byKind.map((k) => (
            <tr key={k.kind}>
              <td>
                {kindLabel(k.kind)} <span className="small muted">{SHARE_KIND_LABELS[k.kind as TShareKind]?.keyed ? "(keyed: matched by our HMAC under the shared key)" : "(in clear)"}</span>
              </td>
              <td>{k.indicators.toLocaleString("en-US")}</td>
              <td>{k.expired.toLocaleString("en-US")}</td>
              <td>{k.matched.toLocaleString("en-US")}</td>
              <td>{k.accounts.toLocaleString("en-US")}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {m.cases.length ? (
        <>
          <h4>Where they match</h4>
          <ul>
            {m.cases.map((c) => (
              <li key={c.caseId}>
                <a href={`/cases/${c.caseId}`}>{c.ref}</a> {c.title}: {c.accounts.toLocaleString("en-US")} account(s)
                {c.families ? `, ${c.families} template famil${c.families === 1 ? "y" : "ies"}` : ""}
                {c.clusters.length ? (
                  <>
                    {" "}
                    in{" "}
                    {c.clusters.slice(0, 8).map((k, i) => (
                      <span key={k.id}>
                        {i ? ", " : ""}
                        <a href={`/cases/${c.caseId}/clusters/${k.id}`}>{k.name}</a> ({k.accounts})
                      </span>
                    ))}
                    {c.clusters.length > 8 ? ` and ${c.clusters.length - 8} more clusters` : ""}
                  </>
                ) : null}
              </li>
            ))}
          </ul>
          <details>
            <summary>Each matching indicator ({matched})</summary>
            <table className="data-table">
              <thead>
                <tr>
                  <th scope="col">Their indicator</th>
                  <th scope="col">Kind</th>
                  <th scope="col">Ours</th>
                </tr>
              </thead>
              <tbody>
                {m.matches.slice(0, 500).map((x) => (
                  <tr key={x.stixId}>
                    <td className="mono small">{x.shown}</td>
                    <td>{kindLabel(x.kind)}</td>
                    <td className="small">
                      {x.accounts
                        .slice(0, 10)
                        .map((a) => `${a.caseRef} ${a.externalId}`)
                        .join(", ")}
                      {x.accounts.length > 10 ? ` and ${x.accounts.length - 10} more` : ""}
                      {x.families.length ? `${x.families.length} template famil${x.families.length === 1 ? "y" : "ies"} (${[...new Set(x.families.map((f) => f.caseRef))].join(", ")})` : ""}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            {m.matches.length > 500 ? <p className="small muted">The first 500 of {m.matches.length}; GET /api/v1/peer-bundles/{m.bundle.id}/matches has them all.</p> : null}
          </details>
        </>
      ) : null}
      <p className="small muted">
        The bundle is on the <a href={`/cases/${m.bundle.caseId}/evidence`}>Evidence</a> tab with its chain of custody: cite it as an exhibit (Findings → Exhibits → Evidence) to put the match in a package.
      </p>
    </article>
  );
}

export function PeerPanel({ caseId, canImport, whyNotImport, partners, bundles }: TProps) {
  const router = useRouter();
  const file = useActionForm();
  const taxii = useActionForm();
  const [partnerId, setPartnerId] = useState(partners[0]?.id ?? "");
  const [picked, setPicked] = useState<File | null>(null);
  const [url, setUrl] = useState("");
  const [token, setToken] = useState("");
  return (
    <section className="stack" aria-labelledby="peer-h">
      <h2 id="peer-h">From partner labs</h2>
      <p className="small muted">
        A partner&apos;s STIX 2.1 bundle, keyed with the key agreed with it, is matched against every case you can see: Casebook computes the same HMAC over our accounts&apos; values and compares. Indicators past
        their valid_until do not match. The bundle becomes evidence of this case, with its SHA-256 and chain of custody.
      </p>
      {canImport && partners.length ? (
        <div className="panel stack">
          <div className="field">
            <label htmlFor="peer-partner">Sent by</label>
            <select id="peer-partner" value={partnerId} onChange={(e) => setPartnerId(e.target.value)}>
              {partners.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                </option>
              ))}
            </select>
          </div>
          <form
            className={styles.row}
            onSubmit={(e) => {
              e.preventDefault();
              if (!picked) return file.refuse([{ field: "file", message: "Choose the bundle file." }]);
              file.submit(
                () => send(`/api/v1/cases/${caseId}/peer-bundles?partnerId=${encodeURIComponent(partnerId)}&filename=${encodeURIComponent(picked.name)}`, { method: "POST", body: picked }),
                () => router.refresh(),
              );
            }}
          >
            <div className="field">
              <label htmlFor="peer-file">Bundle file (JSON)</label>
              <input id="peer-file" type="file" accept=".json,application/json,application/stix+json" onChange={(e) => setPicked(e.target.files?.[0] ?? null)} aria-invalid={Boolean(file.errors.file)} />
              {file.errors.file ? <span className="field-error">{file.errors.file}</span> : null}
            </div>
            <button type="submit" className="btn btn-primary" disabled={file.pending}>
              {file.pending ? "Importing…" : "Import and match"}
            </button>
          </form>
          <FormError message={file.formError} />
          <form
            className={styles.row}
            onSubmit={(e) => {
              e.preventDefault();
              taxii.submit(() => send(`/api/v1/cases/${caseId}/peer-bundles/taxii`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ partnerId, url, token }) }), () => (setToken(""), router.refresh()));
            }}
          >
            <div className="field">
              <label htmlFor="peer-url">Or their TAXII collection&apos;s URL</label>
              <input id="peer-url" value={url} placeholder="https://taxii.partner.example/taxii2/api/collections/…/" onChange={(e) => setUrl(e.target.value)} aria-invalid={Boolean(taxii.errors.url)} />
              {taxii.errors.url ? <span className="field-error">{taxii.errors.url}</span> : null}
            </div>
            <div className="field">
              <label htmlFor="peer-token">Their token for us</label>
              <input id="peer-token" type="password" autoComplete="off" value={token} onChange={(e) => setToken(e.target.value)} aria-invalid={Boolean(taxii.errors.token)} />
              {taxii.errors.token ? <span className="field-error">{taxii.errors.token}</span> : null}
            </div>
            <button type="submit" className="btn" disabled={taxii.pending}>
              {taxii.pending ? "Reading…" : "Read and match"}
            </button>
          </form>
          <FormError message={taxii.formError} />
        </div>
      ) : (
        <p className="small muted">{partners.length ? whyNotImport : "No partner lab yet: an admin adds one under Partners, with the key agreed with it."}</p>
      )}
      {bundles.map((m) => (
        <Matches key={m.bundle.id} m={m} />
      ))}
    </section>
  );
}
