import type { ReactNode } from "react";

/** Props that tie an input to its label and error text. */
export function fieldProps(id: string, error?: string) {
  return {
    id,
    "aria-invalid": error ? true : undefined,
    "aria-describedby": error ? `${id}-error` : undefined,
  } as const;
}

type TProps = { id: string; label: string; error?: string; hint?: string; className?: string; children: ReactNode };

export function Field({ id, label, error, hint, className, children }: TProps) {
  return (
    <div className={`field ${className ?? ""}`}>
      <label htmlFor={id}>{label}</label>
      {children}
      {hint && !error && <p className="hint">{hint}</p>}
      {error && (
        <p id={`${id}-error`} className="field-error">
          {error}
        </p>
      )}
    </div>
  );
}
