import { CommentForm } from "./comment-form";
import { formatDateTime } from "@/lib/format";
import styles from "./cases.module.css";

type TComment = { id: string; body: string; createdAt: Date; author: { name: string; role: string } };

export function CaseComments({ caseId, comments, canComment }: { caseId: string; comments: TComment[]; canComment: boolean }) {
  return (
    <section className="panel" aria-labelledby="comments-h">
      <h2 id="comments-h">Comments</h2>
      {canComment && <CommentForm caseId={caseId} />}
      {comments.length === 0 ? (
        <p className="muted">No comments yet.</p>
      ) : (
        <ol className={styles.commentList}>
          {comments.map((c) => (
            <li key={c.id} className={styles.comment}>
              <p className={styles.commentMeta}>
                <strong>{c.author.name}</strong> <span className="muted">({c.author.role})</span> ·{" "}
                <time dateTime={c.createdAt.toISOString()}>{formatDateTime(c.createdAt)}</time>
              </p>
              <p className="prewrap">{c.body}</p>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
