// The scrolling box around a long or wide table. It takes the keyboard focus, so a person without a
// mouse can scroll it with the arrow keys (WCAG 2.1.1; axe's scrollable-region-focusable), and, when
// named, is a region a screen reader can jump to.
import type { ReactNode } from "react";

export function TableWrap({ label, className, busy, children }: { label?: string; className?: string; busy?: boolean; children: ReactNode }) {
  return (
    <div className={className ? `table-wrap ${className}` : "table-wrap"} tabIndex={0} role={label ? "region" : undefined} aria-label={label} aria-busy={busy || undefined}>
      {children}
    </div>
  );
}
