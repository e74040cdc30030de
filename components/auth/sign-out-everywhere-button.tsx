"use client";
// "Sign out everywhere": ends every session of the account and revokes its API tokens (lib/users/mutations.ts).
// For yourself this browser's session ends too, so it goes to the sign-in page.
import { signOut } from "next-auth/react";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import type { TResult } from "@/lib/action";

type TProps = { run: () => Promise<TResult<{ tokensRevoked: number }>>; isSelf: boolean; name?: string };

export function SignOutEverywhereButton({ run, isSelf, name }: TProps) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [message, setMessage] = useState<{ error: boolean; text: string } | null>(null);

  function click() {
    const who = isSelf ? "you" : (name ?? "this person");
    if (!window.confirm(`Sign ${who} out of every browser and revoke ${isSelf ? "your" : "their"} API tokens?`)) return;
    setMessage(null);
    startTransition(async () => {
      const res = await run();
      if (!res.ok) {
        setMessage({ error: true, text: [res.error.message, ...res.error.details.map((d) => d.message)].join(" ") });
        return;
      }
      if (isSelf) {
        await signOut({ callbackUrl: "/sign-in" });
        return;
      }
      setMessage({ error: false, text: `Signed out everywhere; ${res.data.tokensRevoked} API token${res.data.tokensRevoked === 1 ? "" : "s"} revoked.` });
      router.refresh();
    });
  }

  return (
    <div className="stack">
      <div className="form-actions">
        <button type="button" className="btn" onClick={click} disabled={pending}>
          {pending ? "Signing out…" : "Sign out everywhere"}
        </button>
      </div>
      {message && (
        <p role={message.error ? "alert" : "status"} className={message.error ? "form-error" : "muted"}>
          {message.text}
        </p>
      )}
    </div>
  );
}
