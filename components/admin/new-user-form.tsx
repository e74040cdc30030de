"use client";
// The "New user" form. The same zod schema checks here (instant field errors) and on the server (which decides).
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { createUserAction } from "@/app/(app)/admin/users/actions";
import { Field, fieldProps } from "@/components/ui/field";
import { ZAdminCreateUserInput, ZRole } from "@/lib/users/schema";
import styles from "./admin.module.css";
import { fieldErrors, zodFieldErrors } from "./form-errors";
import { OneTimePassword } from "./one-time-password";

const EMPTY = { name: "", email: "", role: "analyst", password: "" };
type TCreated = { name: string; email: string; generatedPassword: string | null };

export function NewUserForm() {
  const router = useRouter();
  const [values, setValues] = useState(EMPTY);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [created, setCreated] = useState<TCreated | null>(null);
  const [pending, setPending] = useState(false);
  const set = (patch: Partial<typeof EMPTY>) => setValues((v) => ({ ...v, ...patch }));

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setCreated(null);
    const check = ZAdminCreateUserInput.safeParse(values);
    if (!check.success) {
      setErrors(zodFieldErrors(check.error));
      setFormError("Some fields need attention.");
      return;
    }
    setPending(true);
    setFormError(null);
    const res = await createUserAction({ ...values, role: check.data.role });
    setPending(false);
    if (!res.ok) {
      setErrors(fieldErrors(res.error.details));
      setFormError(res.error.message);
      return;
    }
    setErrors({});
    setValues(EMPTY);
    setCreated(res.data);
    router.refresh();
  }

  return (
    <form className="stack" onSubmit={onSubmit} noValidate aria-busy={pending}>
      <div className="field-row">
        <Field id="new-user-name" label="Name" error={errors.name}>
          <input {...fieldProps("new-user-name", errors.name)} value={values.name} onChange={(e) => set({ name: e.target.value })} autoComplete="off" />
        </Field>
        <Field id="new-user-email" label="Email" error={errors.email}>
          <input {...fieldProps("new-user-email", errors.email)} type="email" value={values.email} onChange={(e) => set({ email: e.target.value })} autoComplete="off" />
        </Field>
      </div>
      <div className="field-row">
        <Field id="new-user-role" label="Role" error={errors.role}>
          <select {...fieldProps("new-user-role", errors.role)} value={values.role} onChange={(e) => set({ role: e.target.value })}>
            {ZRole.options.map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </select>
        </Field>
        <Field id="new-user-password" label="Password (leave empty to generate)" error={errors.password} hint="At least 12 characters.">
          <input
            {...fieldProps("new-user-password", errors.password)}
            type="password"
            value={values.password}
            onChange={(e) => set({ password: e.target.value })}
            autoComplete="new-password"
          />
        </Field>
      </div>
      {formError && (
        <p role="alert" className="form-error">
          {formError}
        </p>
      )}
      {created && (
        <p role="status" className={styles.notice}>
          Created {created.name} ({created.email}).
        </p>
      )}
      {created?.generatedPassword && <OneTimePassword password={created.generatedPassword} who={created.name} />}
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={pending}>
          {pending ? "Creating…" : "Create user"}
        </button>
      </div>
    </form>
  );
}
