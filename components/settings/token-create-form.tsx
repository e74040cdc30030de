"use client";
// Creates an API token. The plaintext comes back once, in the action's result: it is kept only in
// this component's state (never a URL, never page data) and gone on the next navigation.
import { useRouter } from "next/navigation";
import { useState, useTransition, type FormEvent } from "react";
import { createTokenAction } from "@/app/(app)/settings/actions";
import { Field, fieldProps } from "@/components/ui/field";
import { OneTimeToken } from "./one-time-token";

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
  const [errors, setErrors] = useState<{ name?: string; expiresInDays?: string; form?: string }>({});
  const [created, setCreated] = useState<{ token: string; name: string; origin: string } | null>(null);
  const [pending, startTransition] = useTransition();

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    if (!name.trim()) {
      setErrors({ name: "Name the token after what will use it, e.g. “detection pipeline”." });
      return;
    }
    setErrors({});
    startTransition(async () => {
      const res = await createTokenAction({ name: name.trim(), expiresInDays: expires === "never" ? null : Number(expires) });
      if (!res.ok) {
        const next: typeof errors = {};
        for (const d of res.error.details) {
          if (d.field === "name") next.name = d.message;
          else if (d.field === "expiresInDays") next.expiresInDays = d.message;
        }
        if (!next.name && !next.expiresInDays) next.form = res.error.message;
        setErrors(next);
        return;
      }
      setCreated({ token: res.data.token, name: res.data.name, origin: window.location.origin });
      setName("");
      router.refresh();
    });
  }

  return (
    <div className="token-create">
      {created && <OneTimeToken token={created.token} name={created.name} origin={created.origin} onDismiss={() => setCreated(null)} />}
      <form className="token-form" onSubmit={onSubmit} noValidate>
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
        <div className="token-form-submit">
          <button type="submit" className="btn btn-primary" disabled={pending}>
            {pending ? "Creating…" : "Create token"}
          </button>
        </div>
      </form>
      {errors.form && (
        <p className="form-error" role="alert">
          {errors.form}
        </p>
      )}
    </div>
  );
}
