"use client";
// Submitting a form to a server action, the one way: pending while it runs, the action's field
// errors by field, its message for the whole form, and what the form does on success. The result
// is the `{ ok, data } | { ok, error: { code, message, details } }` every action returns.
import { useState, useTransition } from "react";
import type { TResult } from "@/lib/action";
import { fieldErrors, type TDetail } from "./form-errors";

/** Said above the submit button when a check in the browser finds problems before sending. */
export const CHECK_MESSAGE = "Some fields need attention.";

type TOptions = {
  /** Maps error details to one message per field; by default the first message of each field. */
  toErrors?: (details: TDetail[]) => Record<string, string>;
};

export function useActionForm({ toErrors = fieldErrors }: TOptions = {}) {
  const [pending, startTransition] = useTransition();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);

  /** Shows problems found before sending (a zod check, a required field) as the server's would be. */
  function refuse(details: TDetail[], message: string | null = CHECK_MESSAGE) {
    setErrors(toErrors(details));
    setFormError(message);
  }

  /**
   * Sends. A new attempt starts without the last one's errors; the answer brings its own, or
   * `onSuccess` runs. It runs as part of the transition (React marks nothing after an `await` as
   * one by itself), so a navigation or refresh it starts keeps `pending` until it lands.
   */
  function submit<D>(send: () => Promise<TResult<D>>, onSuccess: (data: D) => void) {
    setErrors({});
    setFormError(null);
    startTransition(async () => {
      const res = await send();
      if (!res.ok) refuse(res.error.details, res.error.message);
      else startTransition(() => onSuccess(res.data));
    });
  }

  return { pending, errors, formError, refuse, submit };
}
