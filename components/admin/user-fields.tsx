"use client";
// The name and role fields the new-user and edit-user forms share.
import { Field, fieldProps } from "@/components/ui/field";
import { ZRole } from "@/lib/users/schema";

type TProps = { id: string; value: string; error?: string; hint?: string; onChange: (value: string) => void };

export function NameField({ id, value, error, onChange }: TProps) {
  return (
    <Field id={id} label="Name" error={error}>
      <input {...fieldProps(id, error)} value={value} onChange={(e) => onChange(e.target.value)} autoComplete="off" />
    </Field>
  );
}

export function RoleField({ id, value, error, hint, onChange }: TProps) {
  return (
    <Field id={id} label="Role" error={error} hint={hint}>
      <select {...fieldProps(id, error)} value={value} onChange={(e) => onChange(e.target.value)}>
        {ZRole.options.map((r) => (
          <option key={r} value={r}>
            {r}
          </option>
        ))}
      </select>
    </Field>
  );
}
