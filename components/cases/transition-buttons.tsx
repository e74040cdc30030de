"use client";
// Workflow buttons. Only the steps the server says this person may take are shown; the server
// checks again when one is taken.
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { transitionCaseAction } from "@/app/(app)/cases/actions";
import { FormError } from "@/components/ui/form-error";
import { useActionForm } from "@/components/ui/use-action-form";
import type { TTransition } from "@/lib/cases/workflow";
import styles from "./cases.module.css";

type TProps = { caseId: string; transitions: { key: TTransition; label: string; needsComment: boolean }[] };

export function TransitionButtons({ caseId, transitions }: TProps) {
  const router = useRouter();
  const form = useActionForm();
  const { pending } = form;
  const commentError = form.errors.comment;
  const [asking, setAsking] = useState<TTransition | null>(null);
  const [comment, setComment] = useState("");

  function run(transition: TTransition, text = "") {
    form.submit(
      () => transitionCaseAction({ caseId, transition, comment: text }),
      () => {
        setAsking(null);
        setComment("");
        router.refresh();
      },
    );
  }

  function onSubmitComment(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    if (!asking) return;
    if (!comment.trim()) return form.refuse([{ field: "comment", message: "Say what needs to change." }], null);
    run(asking, comment);
  }

  if (transitions.length === 0) return null;
  return (
    <div className={styles.transitions}>
      <div className={styles.transitionButtons}>
        {transitions.map((t) => (
          <button
            key={t.key}
            type="button"
            className={t.key === "approve" || t.key === "submit" ? "btn btn-primary" : "btn"}
            disabled={pending}
            aria-expanded={t.needsComment ? asking === t.key : undefined}
            onClick={() => (t.needsComment ? setAsking(asking === t.key ? null : t.key) : run(t.key))}
          >
            {t.label}
          </button>
        ))}
      </div>
      {asking && (
        <form className={`card stack ${styles.transitionComment}`} onSubmit={onSubmitComment} noValidate>
          <div className="field">
            <label htmlFor="transition-comment">What needs to change</label>
            <textarea
              id="transition-comment"
              rows={3}
              value={comment}
              aria-invalid={commentError ? true : undefined}
              aria-describedby={commentError ? "transition-comment-error" : undefined}
              onChange={(e) => setComment(e.target.value)}
            />
            {commentError && (
              <p id="transition-comment-error" className="field-error">
                {commentError}
              </p>
            )}
          </div>
          <div className="form-actions">
            <button type="submit" className="btn btn-primary" disabled={pending}>
              Send back for changes
            </button>
            <button type="button" className="btn btn-ghost" onClick={() => setAsking(null)}>
              Cancel
            </button>
          </div>
        </form>
      )}
      <FormError message={form.formError} />
    </div>
  );
}
