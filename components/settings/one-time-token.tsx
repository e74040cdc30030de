"use client";

import { CopyButton } from "@/components/evidence/copy-button";
import styles from "./settings.module.css";

export function OneTimeToken({ token, name, origin, onDismiss }: { token: string; name: string; origin: string; onDismiss: () => void }) {
  const example = `curl -H "Authorization: Bearer ${token}" ${origin}/api/v1/cases`;
  return (
    <div className={styles.secretBox} role="status">
      <p>
        <strong>Copy this token now; it will not be shown again.</strong> Token “{name}” was created.
      </p>
      <div className={styles.secretRow}>
        <label htmlFor="new-token" className="sr-only">
          New API token
        </label>
        <input id="new-token" className="mono" readOnly value={token} onFocus={(e) => e.currentTarget.select()} />
        <CopyButton value={token} />
      </div>
      <p className="small">Try it:</p>
      <div className={styles.secretRow}>
        {/* "code-example" stays beside the module class: the end-to-end tests read the command in it. */}
        <pre className={`code-example ${styles.codeExample}`}>
          {example}
        </pre>
        <CopyButton value={example} label="Copy" what="example command" />
      </div>
      <button type="button" className="btn btn-ghost btn-small" onClick={onDismiss}>
        I have copied it
      </button>
    </div>
  );
}
