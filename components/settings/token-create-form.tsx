"use client";
// Creates an API token. The plaintext comes back once, in the action's result: it is kept only in
// this component's state (never a URL, never page data) and gone on the next navigation.
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { createTokenAction } from "@/app/(app)/settings/actions";
import { Field, fieldProps } from "@/components/ui/field";
import { FormError } from "@/components/ui/form-error";
import { useActionForm } from "@/components/ui/use-action-form";
import { OneTimeToken } from "./one-time-token";
import styles from "./settings.module.css";

const EXPIRY = [
  { value: "30", label: "30 days" },
  { value: "90", label: "90 days" },
  { value: "365", label: "365 days" },
  { value: "never", label: "Never" },
];

export function TokenCreateForm() {
  const router = useRouter();
  const [name, setName] = useState("");
  const [expires, setExpires] = useState("90");
  const [created, setCreated] = useState<{ token: string; name: string; origin: string } | null>(null);
  const form = useActionForm();
  const { errors, pending } = form;
  // The form's own message only when no field says what is wrong.
  const formError = errors.name || errors.expiresInDays ? null : form.formError;

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    if (!name.trim()) return form.refuse([{ field: "name", message: "Name the token after what will use it, e.g. “detection pipeline”." }], null);
    form.submit(
      () => createTokenAction({ name: name.trim(), expiresInDays: expires === "never" ? null : Number(expires) }),
      (data) => {
        setCreated({ token: data.token, name: data.name, origin: window.location.origin });
        setName("");
        router.refresh();
      },
    );
  }

  return (
    <div className="token-create">
      {created && <OneTimeToken token={created.token} name={created.name} origin={created.origin} onDismiss={() => setCreated(null)} />}
      <form className={styles.tokenForm} onSubmit={onSubmit} noValidate>
        <Field id="token-name" label="Token name" error={errors.name}>
          <input {...fieldProps("token-name", errors.name)} value={name} maxLength={100} placeholder="e.g. detection pipeline" onChange={(e) => setName(e.target.value)} />
        </Field>
        <Field id="token-expires" label="Expires" error={errors.expiresInDays}>
          <select {...fieldProps("token-expires", errors.expiresInDays)} value={expires} onChange={(e) => setExpires(e.target.value)}>
            {EXPIRY.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </select>
        </Field>
        <div className={styles.tokenFormSubmit}>
          <button type="submit" className="btn btn-primary" disabled={pending}>
            {pending ? "Creating…" : "Create token"}
          </button>
        </div>
      </form>
      <FormError message={formError} />
    </div>
  );
}
