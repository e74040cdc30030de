"use client";
// Set a new password for someone, or generate one (shown once).
import { useState, type FormEvent } from "react";
import { resetPasswordAction } from "@/app/(app)/admin/users/actions";
import { Field, fieldProps } from "@/components/ui/field";
import { ZResetPasswordInput } from "@/lib/users/schema";
import styles from "./admin.module.css";
import { fieldErrors, zodFieldErrors } from "./form-errors";
import { OneTimePassword } from "./one-time-password";

export function ResetPasswordForm({ userId, name }: { userId: string; name: string }) {
  const [password, setPassword] = useState("");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [done, setDone] = useState<{ generatedPassword: string | null } | null>(null);
  const [pending, setPending] = useState(false);

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setDone(null);
    const check = ZResetPasswordInput.safeParse({ userId, password });
    if (!check.success) {
      setErrors(zodFieldErrors(check.error));
      setFormError("Some fields need attention.");
      return;
    }
    setPending(true);
    setFormError(null);
    const res = await resetPasswordAction({ userId, password });
    setPending(false);
    if (!res.ok) {
      setErrors(fieldErrors(res.error.details));
      setFormError(res.error.message);
      return;
    }
    setErrors({});
    setPassword("");
    setDone(res.data);
  }

  return (
    <form className="stack" onSubmit={onSubmit} noValidate aria-busy={pending}>
      <Field id="reset-password" label="New password (leave empty to generate)" error={errors.password} hint="At least 12 characters.">
        <input {...fieldProps("reset-password", errors.password)} type="password" value={password} onChange={(e) => setPassword(e.target.value)} autoComplete="new-password" />
      </Field>
      {formError && (
        <p role="alert" className="form-error">
          {formError}
        </p>
      )}
      {done && !done.generatedPassword && (
        <p role="status" className={styles.notice}>
          Password changed.
        </p>
      )}
      {done?.generatedPassword && <OneTimePassword password={done.generatedPassword} who={name} />}
      <div className="form-actions">
        <button type="submit" className="btn" disabled={pending}>
          Reset password
        </button>
      </div>
    </form>
  );
}
