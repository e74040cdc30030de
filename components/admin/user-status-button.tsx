"use client";
// Disable or re-enable an account. A disabled user is out on their next request (lib/session.ts).
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { setUserDisabledAction } from "@/app/(app)/admin/users/actions";

type TProps = { userId: string; disabled: boolean; isSelf: boolean };

export function UserStatusButton({ userId, disabled, isSelf }: TProps) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);

  if (isSelf && !disabled) return <p className="muted">You cannot disable your own account.</p>;

  function toggle() {
    setError(null);
    startTransition(async () => {
      const res = await setUserDisabledAction({ userId, disabled: !disabled });
      if (!res.ok) {
        setError([res.error.message, ...res.error.details.map((d) => d.message)].join(" "));
        return;
      }
      router.refresh();
    });
  }

  return (
    <div className="stack">
      <div className="form-actions">
        <button type="button" className="btn" onClick={toggle} disabled={pending}>
          {disabled ? "Enable" : "Disable"}
        </button>
      </div>
      {error && (
        <p role="alert" className="form-error">
          {error}
        </p>
      )}
    </div>
  );
}
