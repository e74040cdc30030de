"use client";
// A cluster's members, 50 a page (keyset), each with the links that tie it in: signal, shared
// value, how many accounts of the case share it, weight. Selected members can be split off into
// a new cluster or removed; accounts can be added by id.
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { createColumnHelper } from "@tanstack/react-table";
import { addAccountsAction, removeAccountsAction, splitClusterAction } from "@/app/(app)/cases/[caseId]/clusters/actions";
import { DataTable, useServerTable } from "@/components/ui/data-table";
import { FormError } from "@/components/ui/form-error";
import { useActionForm } from "@/components/ui/use-action-form";
import type { TAccountJson } from "@/lib/accounts/queries";
import { signalLabel } from "@/lib/clusters/naming";
import type { TMemberReason } from "@/lib/clusters/queries";
import { formatCount, formatDateTime } from "@/lib/format";
import styles from "./clusters.module.css";

export type TMemberRow = TAccountJson & { reasons: TMemberReason[] };

type TProps = {
  caseId: string;
  clusterId: string;
  clusterName: string;
  rows: TMemberRow[];
  total: number;
  nextCursor: string | null;
  cursor: string;
  editable: boolean;
};

const col = createColumnHelper<TMemberRow>();

function Reasons({ reasons }: { reasons: TMemberReason[] }) {
  if (!reasons.length) return <span className="muted small">No recorded link (imported with the pipeline&apos;s label).</span>;
  return (
    <ul className={styles.reasons}>
      {reasons.map((r, i) => (
        <li key={i}>
          {r.kind === "analyst" ? (
            <span>{r.value}</span>
          ) : (
            <>
              <strong>{signalLabel(r.kind)}</strong> <span className="mono">{r.value}</span> with <span className="mono">{r.otherAccount}</span>{" "}
              <span className="muted">
                (shared by {formatCount(r.sharedBy)} in the case, weight {r.weight.toFixed(2)}, pair {Math.round(r.confidence * 100)}%)
              </span>
            </>
          )}
        </li>
      ))}
    </ul>
  );
}

export function ClusterMembers({ caseId, clusterId, clusterName, rows, total, nextCursor, cursor, editable }: TProps) {
  const router = useRouter();
  const form = useActionForm();
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [newName, setNewName] = useState(`${clusterName} (split)`);
  const [toAdd, setToAdd] = useState("");
  const toggle = (id: string) =>
    setSelected((s) => {
      const n = new Set(s);
      if (n.has(id)) n.delete(id);
      else n.add(id);
      return n;
    });
  const done = () => {
    setSelected(new Set());
    router.refresh();
  };
  const columns = [
    ...(editable
      ? [
          col.display({
            id: "pick",
            header: () => <span className="sr-only">Select</span>,
            cell: (c) => (
              <input type="checkbox" aria-label={`Select ${c.row.original.accountId}`} checked={selected.has(c.row.original.id)} onChange={() => toggle(c.row.original.id)} />
            ),
          }),
        ]
      : []),
    col.accessor("accountId", { header: "Account ID", cell: (c) => <span className="mono nowrap">{c.getValue()}</span> }),
    col.accessor("createdAt", { header: "Created", cell: (c) => <span className="nowrap">{formatDateTime(c.getValue())}</span> }),
    col.accessor("reasons", { header: "Why it is in this cluster", cell: (c) => <Reasons reasons={c.getValue()} /> }),
  ];
  const table = useServerTable(rows, columns);
  const ids = [...selected];
  return (
    <div className={styles.panel}>
      {editable ? (
        <div className={styles.actions}>
          <form
            className={styles.inlineForm}
            onSubmit={(e) => {
              e.preventDefault();
              if (!ids.length) return form.refuse([{ field: "accountIds", message: "Select accounts first." }], "Select the accounts to split off first.");
              form.submit(() => splitClusterAction({ clusterId, accountIds: ids, name: newName }), done);
            }}
          >
            <label className={styles.field}>
              <span className="small">New cluster</span>
              <input value={newName} onChange={(e) => setNewName(e.target.value)} maxLength={120} aria-invalid={Boolean(form.errors.name)} />
            </label>
            <button type="submit" className="btn" disabled={form.pending}>
              Split off {ids.length ? `${ids.length} selected` : "selected"}
            </button>
          </form>
          <button
            type="button"
            className="btn"
            disabled={form.pending}
            onClick={() => {
              if (!ids.length) return form.refuse([{ field: "accountIds", message: "Select accounts first." }], "Select the accounts to remove first.");
              form.submit(() => removeAccountsAction({ clusterId, accountIds: ids }), done);
            }}
          >
            Remove selected
          </button>
          <form
            className={styles.inlineForm}
            onSubmit={(e) => {
              e.preventDefault();
              const externalIds = toAdd.split(/[\s,]+/).filter(Boolean);
              if (!externalIds.length) return form.refuse([{ field: "externalIds", message: "Name at least one account id." }], "Name at least one account id to add.");
              form.submit(() => addAccountsAction({ clusterId, externalIds }), () => {
                setToAdd("");
                done();
              });
            }}
          >
            <label className={styles.field}>
              <span className="small">Add accounts (ids)</span>
              <input value={toAdd} onChange={(e) => setToAdd(e.target.value)} placeholder="acct_1, acct_2" aria-invalid={Boolean(form.errors.externalIds)} />
            </label>
            <button type="submit" className="btn" disabled={form.pending}>
              Add
            </button>
          </form>
        </div>
      ) : null}
      <FormError message={form.formError} />
      <DataTable table={table} empty={{ title: "No members", hint: "Add accounts by id, or merge another cluster into this one." }} />
      <nav className="pager" aria-label="Member pages">
        <span className="small muted">{formatCount(total)} members</span>
        {cursor ? <Link href={`/cases/${caseId}/clusters/${clusterId}`}>First page</Link> : null}
        {nextCursor ? <Link href={`/cases/${caseId}/clusters/${clusterId}?cursor=${encodeURIComponent(nextCursor)}`}>Next page</Link> : null}
      </nav>
    </div>
  );
}
