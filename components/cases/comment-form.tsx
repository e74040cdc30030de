"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { addCommentAction } from "@/app/(app)/cases/actions";
import { zodDetails, type TDetail } from "@/components/ui/form-errors";
import { useActionForm } from "@/components/ui/use-action-form";
import { ZAddCommentInput } from "@/lib/cases/schema";
import styles from "./cases.module.css";

// The box is the form's only field: the first problem, whichever field it names, is said under it.
const underTheBox = (details: TDetail[]): Record<string, string> => (details[0] ? { body: details[0].message } : {});

export function CommentForm({ caseId }: { caseId: string }) {
  const router = useRouter();
  const [body, setBody] = useState("");
  const form = useActionForm({ toErrors: underTheBox });
  const error = form.errors.body ?? form.formError;

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const check = ZAddCommentInput.safeParse({ caseId, body });
    if (!check.success) return form.refuse(zodDetails(check.error), null);
    form.submit(
      () => addCommentAction({ caseId, body }),
      () => {
        setBody("");
        router.refresh();
      },
    );
  }

  return (
    <form className={`stack ${styles.commentForm}`} onSubmit={onSubmit} noValidate>
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
        <button type="submit" className="btn btn-primary" disabled={form.pending}>
          {form.pending ? "Posting…" : "Post comment"}
        </button>
      </div>
    </form>
  );
}
