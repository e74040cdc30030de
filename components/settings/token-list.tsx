"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { revokeTokenAction } from "@/app/(app)/settings/actions";
import { formatDateTime } from "@/lib/format";
import styles from "./settings.module.css";

export type TTokenRow = {
  id: string;
  name: string;
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  expiresAt: string | null;
  revokedAt: string | null;
  status: "active" | "revoked" | "expired";
};

const STATUS_CLASS: Record<TTokenRow["status"], string> = { active: styles.statusActive, revoked: styles.statusRevoked, expired: styles.statusExpired };

export function TokenList({ tokens }: { tokens: TTokenRow[] }) {
  const router = useRouter();
  const [confirming, setConfirming] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  function revoke(id: string) {
    setError(null);
    startTransition(async () => {
      const res = await revokeTokenAction({ tokenId: id });
      if (!res.ok) {
        setError(res.error.message);
        return;
      }
      setConfirming(null);
      router.refresh();
    });
  }

  if (tokens.length === 0) return <p className="muted token-empty">You have no API tokens yet.</p>;

  return (
    <>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <div className={`table-wrap ${styles.tokenWrap}`}>
        <table className="data-table">
          <caption className="sr-only">Your API tokens</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Prefix</th>
              <th scope="col">Created</th>
              <th scope="col">Last used</th>
              <th scope="col">Expires</th>
              <th scope="col">Status</th>
              <th scope="col">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {tokens.map((t) => (
              <tr key={t.id}>
                <td>
                  <span className="cell-title">{t.name}</span>
                </td>
                <td className="mono">{t.prefix}…</td>
                <td className="nowrap">{formatDateTime(t.createdAt)}</td>
                <td className="nowrap">{t.lastUsedAt ? formatDateTime(t.lastUsedAt) : "Never"}</td>
                <td className="nowrap">{t.expiresAt ? formatDateTime(t.expiresAt) : "Never"}</td>
                <td>
                  <span className={`badge ${STATUS_CLASS[t.status]}`}>{t.status}</span>
                </td>
                <td className="nowrap">
                  {t.status === "active" &&
                    (confirming === t.id ? (
                      <span className={styles.confirmInline}>
                        <span className="small">Revoke “{t.name}”? Anything using it stops working.</span>{" "}
                        <button type="button" className="btn btn-small btn-danger" disabled={pending} onClick={() => revoke(t.id)}>
                          Yes, revoke
                        </button>{" "}
                        <button type="button" className="btn btn-small" disabled={pending} onClick={() => setConfirming(null)}>
                          Cancel
                        </button>
                      </span>
                    ) : (
                      <button type="button" className="btn btn-small" aria-label={`Revoke ${t.name}`} onClick={() => setConfirming(t.id)}>
                        Revoke
                      </button>
                    ))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
