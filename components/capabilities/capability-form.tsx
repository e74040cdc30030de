"use client";
// One capability of the taxonomy, edited in place (name, description), or a new one (with its key).
import { useRouter } from "next/navigation";
import { useState } from "react";
import { createCapabilityAction, updateCapabilityAction } from "@/app/(app)/admin/capabilities/actions";
import { FormError } from "@/components/ui/form-error";
import { useActionForm } from "@/components/ui/use-action-form";
import styles from "./capabilities.module.css";

type TProps = { capability?: { id: string; key: string; name: string; description: string; annotations: number } };

export function CapabilityForm({ capability }: TProps) {
  const router = useRouter();
  const form = useActionForm();
  const [key, setKey] = useState("");
  const [name, setName] = useState(capability?.name ?? "");
  const [description, setDescription] = useState(capability?.description ?? "");
  const id = capability?.id ?? "new";
  const changed = !capability || name !== capability.name || description !== capability.description;
  return (
    <form
      className={styles.row}
      aria-label={capability ? `Capability ${capability.key}` : "New capability"}
      onSubmit={(e) => {
        e.preventDefault();
        if (capability) form.submit(() => updateCapabilityAction({ capabilityId: capability.id, name, description }), () => router.refresh());
        else
          form.submit(() => createCapabilityAction({ key, name, description }), () => {
            setKey("");
            setName("");
            setDescription("");
            router.refresh();
          });
      }}
    >
      {capability ? (
        <span className={`mono small ${styles.key}`}>{capability.key}</span>
      ) : (
        <label className={styles.field}>
          <span className="small">Key</span>
          <input id={`${id}-key`} value={key} onChange={(e) => setKey(e.target.value)} placeholder="code-review" aria-invalid={Boolean(form.errors.key)} />
          {form.errors.key ? <span className="field-error">{form.errors.key}</span> : null}
        </label>
      )}
      <label className={styles.field}>
        <span className="small">Name</span>
        <input id={`${id}-name`} value={name} onChange={(e) => setName(e.target.value)} aria-invalid={Boolean(form.errors.name)} />
        {form.errors.name ? <span className="field-error">{form.errors.name}</span> : null}
      </label>
      <label className={`${styles.field} ${styles.grow}`}>
        <span className="small">Description</span>
        <input id={`${id}-description`} value={description} onChange={(e) => setDescription(e.target.value)} aria-invalid={Boolean(form.errors.description)} />
      </label>
      {capability ? <span className="small muted">{capability.annotations.toLocaleString("en-US")} annotations</span> : null}
      <button type="submit" className="btn" disabled={form.pending || !changed}>
        {capability ? "Save" : "Add capability"}
      </button>
      <FormError message={form.formError} />
    </form>
  );
}
