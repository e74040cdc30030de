"use client";
// Edit a user's name and global role. The server refuses a self-demotion and a role that no longer
// fits the person's case roles, with the cases named.
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { updateUserAction } from "@/app/(app)/admin/users/actions";
import { Field, fieldProps } from "@/components/ui/field";
import { ZRole, ZUpdateUserInput } from "@/lib/users/schema";
import styles from "./admin.module.css";
import { fieldErrors, zodFieldErrors } from "./form-errors";

type TProps = { userId: string; initial: { name: string; role: string }; isSelf: boolean };

export function UserEditForm({ userId, initial, isSelf }: TProps) {
  const router = useRouter();
  const [values, setValues] = useState(initial);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const [pending, setPending] = useState(false);

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setSaved(false);
    const check = ZUpdateUserInput.safeParse({ userId, ...values });
    if (!check.success) {
      setErrors(zodFieldErrors(check.error));
      setFormError("Some fields need attention.");
      return;
    }
    setPending(true);
    setFormError(null);
    const res = await updateUserAction(check.data);
    setPending(false);
    if (!res.ok) {
      setErrors(fieldErrors(res.error.details));
      setFormError(res.error.message);
      return;
    }
    setErrors({});
    setSaved(true);
    router.refresh();
  }

  return (
    <form className="stack" onSubmit={onSubmit} noValidate aria-busy={pending}>
      <Field id="user-name" label="Name" error={errors.name}>
        <input {...fieldProps("user-name", errors.name)} value={values.name} onChange={(e) => setValues((v) => ({ ...v, name: e.target.value }))} autoComplete="off" />
      </Field>
      <Field id="user-role" label="Role" error={errors.role} hint={isSelf ? "You cannot remove your own admin role." : undefined}>
        <select {...fieldProps("user-role", errors.role)} value={values.role} onChange={(e) => setValues((v) => ({ ...v, role: e.target.value }))}>
          {ZRole.options.map((r) => (
            <option key={r} value={r}>
              {r}
            </option>
          ))}
        </select>
      </Field>
      {formError && (
        <p role="alert" className="form-error">
          {formError}
        </p>
      )}
      {saved && (
        <p role="status" className={styles.notice}>
          Saved.
        </p>
      )}
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={pending}>
          {pending ? "Saving…" : "Save user"}
        </button>
      </div>
    </form>
  );
}
