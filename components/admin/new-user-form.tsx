"use client";
// The "New user" form. The same zod schema checks here (instant field errors) and on the server (which decides).
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { createUserAction } from "@/app/(app)/admin/users/actions";
import { Field, fieldProps } from "@/components/ui/field";
import { FormError } from "@/components/ui/form-error";
import { zodDetails } from "@/components/ui/form-errors";
import { useActionForm } from "@/components/ui/use-action-form";
import { ZAdminCreateUserInput } from "@/lib/users/schema";
import { Notice } from "./notice";
import { OneTimePassword } from "./one-time-password";
import { NameField, RoleField } from "./user-fields";

const EMPTY = { name: "", email: "", role: "analyst", password: "" };
type TCreated = { name: string; email: string; generatedPassword: string | null };

export function NewUserForm() {
  const router = useRouter();
  const [values, setValues] = useState(EMPTY);
  const [created, setCreated] = useState<TCreated | null>(null);
  const form = useActionForm();
  const { errors } = form;
  const set = (patch: Partial<typeof EMPTY>) => setValues((v) => ({ ...v, ...patch }));

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setCreated(null);
    const check = ZAdminCreateUserInput.safeParse(values);
    if (!check.success) return form.refuse(zodDetails(check.error));
    form.submit(
      () => createUserAction({ ...values, role: check.data.role }),
      (data) => {
        setValues(EMPTY);
        setCreated(data);
        router.refresh();
      },
    );
  }

  return (
    <form className="stack" onSubmit={onSubmit} noValidate aria-busy={form.pending}>
      <div className="field-row">
        <NameField id="new-user-name" value={values.name} error={errors.name} onChange={(name) => set({ name })} />
        <Field id="new-user-email" label="Email" error={errors.email}>
          <input {...fieldProps("new-user-email", errors.email)} type="email" value={values.email} onChange={(e) => set({ email: e.target.value })} autoComplete="off" />
        </Field>
      </div>
      <div className="field-row">
        <RoleField id="new-user-role" value={values.role} error={errors.role} onChange={(role) => set({ role })} />
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
      <FormError message={form.formError} />
      {created && (
        <Notice>
          Created {created.name} ({created.email}).
        </Notice>
      )}
      {created?.generatedPassword && <OneTimePassword password={created.generatedPassword} who={created.name} />}
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={form.pending}>
          {form.pending ? "Creating…" : "Create user"}
        </button>
      </div>
    </form>
  );
}
