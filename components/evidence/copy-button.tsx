"use client";

import { useState } from "react";

/** Copies a value (a hash, a token) to the clipboard; says so, briefly. */
export function CopyButton({ value, label = "Copy", what }: { value: string; label?: string; what?: string }) {
  const [copied, setCopied] = useState(false);
  async function copy() {
    try {
      await navigator.clipboard.writeText(value);
      setCopied(true);
      setTimeout(() => setCopied(false), 2000);
    } catch {
      // No clipboard API (plain http): the value is on screen and selectable.
      setCopied(false);
    }
  }
  return (
    <button type="button" className="btn btn-small" onClick={copy} aria-label={what ? `${label} ${what}` : undefined}>
      {copied ? "Copied" : label}
    </button>
  );
}
