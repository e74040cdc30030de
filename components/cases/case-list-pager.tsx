"use client";

import type { TParamPatch } from "@/components/ui/use-url-params";

type TProps = {
  page: number;
  pageCount: number;
  total: number;
  size: number;
  canPrev: boolean;
  canNext: boolean;
  onChange: (patch: TParamPatch, opts?: { resetPage?: boolean }) => void;
};

export function CaseListPager({ page, pageCount, total, size, canPrev, canNext, onChange }: TProps) {
  return (
    <nav className="pager" aria-label="Pages">
      <div className="field inline">
        <label htmlFor="f-size">Rows per page</label>
        <select id="f-size" value={size} onChange={(e) => onChange({ size: e.target.value }, { resetPage: true })}>
          {[10, 25, 50, 100].map((n) => (
            <option key={n} value={n}>
              {n}
            </option>
          ))}
        </select>
      </div>
      <span className="pager-status" aria-live="polite">
        Page {page} of {pageCount} · {total} {total === 1 ? "case" : "cases"}
      </span>
      <div className="pager-buttons">
        <button type="button" className="btn" disabled={!canPrev} onClick={() => onChange({ page: page - 1 })}>
          Previous
        </button>
        <button type="button" className="btn" disabled={!canNext} onClick={() => onChange({ page: page + 1 })}>
          Next
        </button>
      </div>
    </nav>
  );
}
