"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition, type FormEvent } from "react";
import { addCommentAction } from "@/app/(app)/cases/actions";
import { ZAddCommentInput } from "@/lib/cases/schema";

export function CommentForm({ caseId }: { caseId: string }) {
  const router = useRouter();
  const [body, setBody] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const check = ZAddCommentInput.safeParse({ caseId, body });
    if (!check.success) {
      setError(check.error.issues[0]?.message ?? "Write something first.");
      return;
    }
    setError(null);
    startTransition(async () => {
      const res = await addCommentAction({ caseId, body });
      if (!res.ok) {
        setError(res.error.details[0]?.message ?? res.error.message);
        return;
      }
      setBody("");
      router.refresh();
    });
  }

  return (
    <form className="stack comment-form" onSubmit={onSubmit} noValidate>
      <div className="field">
        <label htmlFor="comment-body">Add a comment</label>
        <textarea
          id="comment-body"
          rows={3}
          value={body}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? "comment-body-error" : undefined}
          onChange={(e) => setBody(e.target.value)}
        />
        {error && (
          <p id="comment-body-error" className="field-error" role="alert">
            {error}
          </p>
        )}
      </div>
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={pending}>
          {pending ? "Posting…" : "Post comment"}
        </button>
      </div>
    </form>
  );
}
