import type { ReactNode } from "react";
import { formatCount } from "@/lib/format";

type TProps = { title: string; counts?: { label: string; value: number }[]; children: ReactNode };

/** A case section whose feature has not shipped yet: real counts, and an honest word on what comes. */
export function EmptyTab({ title, counts, children }: TProps) {
  return (
    <section className="panel" aria-labelledby="tab-h">
      <h2 id="tab-h">{title}</h2>
      {counts && counts.length > 0 && (
        <dl className="inline-counts">
          {counts.map((c) => (
            <div key={c.label}>
              <dt>{c.label}</dt>
              <dd>{formatCount(c.value)}</dd>
            </div>
          ))}
        </dl>
      )}
      <div className="empty">{children}</div>
    </section>
  );
}
