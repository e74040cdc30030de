"use client";
// Set a new password for someone, or generate one (shown once).
import { useState, type FormEvent } from "react";
import { resetPasswordAction } from "@/app/(app)/admin/users/actions";
import { Field, fieldProps } from "@/components/ui/field";
import { FormError } from "@/components/ui/form-error";
import { zodDetails } from "@/components/ui/form-errors";
import { useActionForm } from "@/components/ui/use-action-form";
import { ZResetPasswordInput } from "@/lib/users/schema";
import { Notice } from "./notice";
import { OneTimePassword } from "./one-time-password";

export function ResetPasswordForm({ userId, name }: { userId: string; name: string }) {
  const [password, setPassword] = useState("");
  const [done, setDone] = useState<{ generatedPassword: string | null } | null>(null);
  const form = useActionForm();
  const { errors } = form;

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setDone(null);
    const check = ZResetPasswordInput.safeParse({ userId, password });
    if (!check.success) return form.refuse(zodDetails(check.error));
    form.submit(
      () => resetPasswordAction({ userId, password }),
      (data) => {
        setPassword("");
        setDone(data);
      },
    );
  }

  return (
    <form className="stack" onSubmit={onSubmit} noValidate aria-busy={form.pending}>
      <Field id="reset-password" label="New password (leave empty to generate)" error={errors.password} hint="At least 12 characters.">
        <input {...fieldProps("reset-password", errors.password)} type="password" value={password} onChange={(e) => setPassword(e.target.value)} autoComplete="new-password" />
      </Field>
      <FormError message={form.formError} />
      {done && !done.generatedPassword && <Notice>Password changed.</Notice>}
      {done?.generatedPassword && <OneTimePassword password={done.generatedPassword} who={name} />}
      <div className="form-actions">
        <button type="submit" className="btn" disabled={form.pending}>
          Reset password
        </button>
      </div>
    </form>
  );
}
