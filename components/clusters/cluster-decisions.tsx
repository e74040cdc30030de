"use client";
// What an analyst decides about one cluster: accept or reject it, rename it, merge another cluster
// into it. Each button is one audited action; errors come back in words and nothing changes.
import { useRouter } from "next/navigation";
import { useState } from "react";
import { decideClusterAction, mergeClustersAction, renameClusterAction } from "@/app/(app)/cases/[caseId]/clusters/actions";
import { FormError } from "@/components/ui/form-error";
import { useActionForm } from "@/components/ui/use-action-form";
import styles from "./clusters.module.css";

type TProps = {
  cluster: { id: string; name: string; origin: string; status: string; updatedAt: Date | string };
  /** Clusters that may be merged into this one. */
  others: { id: string; name: string; accountCount: number }[];
};

export function ClusterDecisions({ cluster, others }: TProps) {
  const router = useRouter();
  const form = useActionForm();
  const [name, setName] = useState(cluster.name);
  const [source, setSource] = useState("");
  const imported = cluster.origin === "imported";
  return (
    <div className={styles.panel}>
      <div className={styles.actions}>
        <button
          type="button"
          className="btn btn-primary"
          disabled={form.pending || cluster.status === "accepted"}
          onClick={() => form.submit(() => decideClusterAction({ clusterId: cluster.id, decision: "accept" }), () => router.refresh())}
        >
          Accept
        </button>
        <button
          type="button"
          className="btn"
          disabled={form.pending || cluster.status === "rejected"}
          onClick={() => form.submit(() => decideClusterAction({ clusterId: cluster.id, decision: "reject" }), () => router.refresh())}
        >
          Reject
        </button>
        {imported ? null : (
          <>
            <form
              className={styles.inlineForm}
              onSubmit={(e) => {
                e.preventDefault();
                form.submit(() => renameClusterAction({ clusterId: cluster.id, name, seen: new Date(cluster.updatedAt).toISOString() }), () => router.refresh());
              }}
            >
              <label className={styles.field}>
                <span className="small">Name</span>
                <input value={name} onChange={(e) => setName(e.target.value)} aria-invalid={Boolean(form.errors.name)} maxLength={120} />
              </label>
              <button type="submit" className="btn" disabled={form.pending || name.trim() === cluster.name}>
                Rename
              </button>
            </form>
            <form
              className={styles.inlineForm}
              onSubmit={(e) => {
                e.preventDefault();
                if (!source) return form.refuse([{ field: "sourceId", message: "Pick the cluster to merge in." }], "Pick the cluster to merge in.");
                form.submit(() => mergeClustersAction({ targetId: cluster.id, sourceId: source }), () => {
                  setSource("");
                  router.refresh();
                });
              }}
            >
              <label className={styles.field}>
                <span className="small">Merge into this</span>
                <select value={source} onChange={(e) => setSource(e.target.value)} aria-invalid={Boolean(form.errors.sourceId)}>
                  <option value="">Choose a cluster…</option>
                  {others.map((o) => (
                    <option key={o.id} value={o.id}>
                      {o.name} ({o.accountCount})
                    </option>
                  ))}
                </select>
              </label>
              <button type="submit" className="btn" disabled={form.pending}>
                Merge
              </button>
            </form>
          </>
        )}
      </div>
      {imported ? <p className="small muted">Imported from the detection pipeline: its label and members stay as they came. You can accept or reject it.</p> : null}
      <FormError message={form.formError} />
    </div>
  );
}
