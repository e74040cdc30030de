"use client";
// Draw K exchanges uniformly at random for annotation; the seed (given or chosen), the method and
// the frame are recorded so that anyone can repeat the same draw.
import { useRouter } from "next/navigation";
import { useState } from "react";
import { drawSampleAction } from "@/app/(app)/cases/[caseId]/capabilities/actions";
import { FormError } from "@/components/ui/form-error";
import { useActionForm } from "@/components/ui/use-action-form";
import styles from "./samples.module.css";

export function DrawForm({ caseId, models }: { caseId: string; models: string[] }) {
  const router = useRouter();
  const form = useActionForm();
  const [v, setV] = useState({ k: "100", seed: "", from: "", to: "", model: "" });
  const set = (k: keyof typeof v) => (e: { target: { value: string } }) => setV({ ...v, [k]: e.target.value });
  const err = (k: string) => (form.errors[k] ? <span className="field-error">{form.errors[k]}</span> : null);
  return (
    <form
      className={styles.drawForm}
      aria-label="Draw a random sample"
      onSubmit={(e) => {
        e.preventDefault();
        form.submit(() => drawSampleAction({ caseId, k: v.k, seed: v.seed, from: v.from, to: v.to, model: v.model }), (d) => router.push(`/cases/${caseId}/triage?queue=draw&draw=${d.id}`));
      }}
    >
      <label className={styles.field}>
        <span className="small">Exchanges to draw (K)</span>
        <input inputMode="numeric" value={v.k} onChange={set("k")} aria-invalid={Boolean(form.errors.k)} />
        {err("k")}
      </label>
      <label className={styles.field}>
        <span className="small">Seed (empty: random)</span>
        <input inputMode="numeric" value={v.seed} onChange={set("seed")} aria-invalid={Boolean(form.errors.seed)} />
        {err("seed")}
      </label>
      <label className={styles.field}>
        <span className="small">From (UTC day)</span>
        <input type="date" value={v.from} onChange={set("from")} aria-invalid={Boolean(form.errors.from)} />
        {err("from")}
      </label>
      <label className={styles.field}>
        <span className="small">To (UTC day, inclusive)</span>
        <input type="date" value={v.to} onChange={set("to")} aria-invalid={Boolean(form.errors.to)} />
        {err("to")}
      </label>
      <label className={styles.field}>
        <span className="small">Model</span>
        <select value={v.model} onChange={set("model")}>
          <option value="">Any model</option>
          {models.map((m) => (
            <option key={m} value={m}>
              {m}
            </option>
          ))}
        </select>
      </label>
      <button type="submit" className="btn btn-primary" disabled={form.pending}>
        Draw
      </button>
      <FormError message={form.formError} />
    </form>
  );
}
