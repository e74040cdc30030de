"use client";
// Edit a user's name and global role. The server refuses a self-demotion and a role that no longer
// fits the person's case roles, with the cases named.
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { updateUserAction } from "@/app/(app)/admin/users/actions";
import { FormError } from "@/components/ui/form-error";
import { zodDetails } from "@/components/ui/form-errors";
import { useActionForm } from "@/components/ui/use-action-form";
import { ZUpdateUserInput } from "@/lib/users/schema";
import { Notice } from "./notice";
import { NameField, RoleField } from "./user-fields";

/** `seen`: the user's updatedAt as loaded; a change made since by another admin is refused, not overwritten. */
type TProps = { userId: string; initial: { name: string; role: string }; isSelf: boolean; seen: string };

export function UserEditForm({ userId, initial, isSelf, seen }: TProps) {
  const router = useRouter();
  const [values, setValues] = useState(initial);
  const [saved, setSaved] = useState(false);
  const form = useActionForm();
  const { errors } = form;

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setSaved(false);
    const check = ZUpdateUserInput.safeParse({ userId, ...values, seen });
    if (!check.success) return form.refuse(zodDetails(check.error));
    form.submit(
      () => updateUserAction(check.data),
      () => {
        setSaved(true);
        router.refresh();
      },
    );
  }

  return (
    <form className="stack" onSubmit={onSubmit} noValidate aria-busy={form.pending}>
      <NameField id="user-name" value={values.name} error={errors.name} onChange={(name) => setValues((v) => ({ ...v, name }))} />
      <RoleField
        id="user-role"
        value={values.role}
        error={errors.role}
        hint={isSelf ? "You cannot remove your own admin role." : undefined}
        onChange={(role) => setValues((v) => ({ ...v, role }))}
      />
      <FormError message={form.formError} />
      {saved && <Notice>Saved.</Notice>}
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={form.pending}>
          {form.pending ? "Saving…" : "Save user"}
        </button>
      </div>
    </form>
  );
}
