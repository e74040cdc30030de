"use client";

import { useEffect, useRef, useState } from "react";
import { CASE_STATUSES, SEVERITIES, type TCaseListParams } from "@/lib/cases/schema";
import { statusLabel } from "./format";
import type { TParamPatch } from "./use-url-params";

type TProps = {
  params: TCaseListParams;
  leads: { id: string; name: string }[];
  onChange: (patch: TParamPatch, opts?: { resetPage?: boolean; replace?: boolean }) => void;
};

export function CaseListFilters({ params, leads, onChange }: TProps) {
  const [q, setQ] = useState(params.q ?? "");
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(() => () => {
    if (timer.current) clearTimeout(timer.current);
  }, []);

  function onSearch(value: string) {
    setQ(value);
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => onChange({ q: value.trim() }, { resetPage: true, replace: true }), 300);
  }

  return (
    <div className="filters" role="search">
      <div className="field">
        <label htmlFor="f-search">Search</label>
        <input id="f-search" type="search" value={q} placeholder="Title, ref, actor, summary" onChange={(e) => onSearch(e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor="f-status">Status</label>
        <select id="f-status" value={params.status ?? ""} onChange={(e) => onChange({ status: e.target.value }, { resetPage: true })}>
          <option value="">Any status</option>
          {CASE_STATUSES.map((s) => (
            <option key={s} value={s}>
              {statusLabel(s)}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="f-severity">Severity</label>
        <select id="f-severity" value={params.severity ?? ""} onChange={(e) => onChange({ severity: e.target.value }, { resetPage: true })}>
          <option value="">Any severity</option>
          {SEVERITIES.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="f-lead">Lead</label>
        <select id="f-lead" value={params.lead ?? ""} onChange={(e) => onChange({ lead: e.target.value }, { resetPage: true })}>
          <option value="">Anyone</option>
          {leads.map((u) => (
            <option key={u.id} value={u.id}>
              {u.name}
            </option>
          ))}
        </select>
      </div>
    </div>
  );
}
