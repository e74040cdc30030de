"use client";
// A generated password, shown once: it lives only in this component's state, never in a URL or the page data.
import { useState } from "react";
import styles from "./admin.module.css";

export function OneTimePassword({ password, who }: { password: string; who: string }) {
  const [copied, setCopied] = useState(false);

  async function copy() {
    try {
      await navigator.clipboard.writeText(password);
      setCopied(true);
    } catch {
      // No clipboard (plain http): the field is selected on focus, so the admin can copy by hand.
      setCopied(false);
    }
  }

  return (
    <div className={styles.secret} role="status">
      <p>
        <strong>Copy this password now; it will not be shown again.</strong> Give it to {who} over a channel you trust.
      </p>
      <div className={styles.secretRow}>
        <label htmlFor="generated-password" className="sr-only">
          Generated password
        </label>
        <input id="generated-password" className="mono" readOnly value={password} onFocus={(e) => e.currentTarget.select()} />
        <button type="button" className="btn" onClick={copy}>
          {copied ? "Copied" : "Copy"}
        </button>
      </div>
    </div>
  );
}
