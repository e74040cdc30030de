"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { revokeTokenAction } from "@/app/(app)/settings/actions";
import { createColumnHelper } from "@tanstack/react-table";
import { DataTable, useServerTable } from "@/components/ui/data-table";
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

const col = createColumnHelper<TTokenRow>();

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

  const columns = [
    col.accessor("name", { header: "Name", cell: (c) => <span className="cell-title">{c.getValue()}</span> }),
    col.accessor("prefix", { header: "Prefix", meta: { className: "mono" }, cell: (c) => <>{c.getValue()}…</> }),
    col.accessor("createdAt", { header: "Created", meta: { className: "nowrap" }, cell: (c) => formatDateTime(c.getValue()) }),
    col.accessor("lastUsedAt", { header: "Last used", meta: { className: "nowrap" }, cell: (c) => (c.getValue() ? formatDateTime(c.getValue()) : "Never") }),
    col.accessor("expiresAt", { header: "Expires", meta: { className: "nowrap" }, cell: (c) => (c.getValue() ? formatDateTime(c.getValue()) : "Never") }),
    col.accessor("status", { header: "Status", cell: (c) => <span className={`badge ${STATUS_CLASS[c.getValue()]}`}>{c.getValue()}</span> }),
    col.display({
      id: "actions",
      header: () => <span className="sr-only">Actions</span>,
      meta: { className: "nowrap" },
      cell: ({ row: { original: t } }) =>
        t.status === "active" &&
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
        )),
    }),
  ];
  const table = useServerTable(tokens, columns);

  if (tokens.length === 0) return <p className="muted token-empty">You have no API tokens yet.</p>;

  return (
    <>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <DataTable table={table} label="Your API tokens" wrap={styles.tokenWrap} />
    </>
  );
}
