"use client";

import { FilterSelect } from "@/components/ui/filter-select";
import { useEffect, useRef, useState } from "react";
import { CASE_STATUSES, SEVERITIES, type TCaseListParams } from "@/lib/cases/schema";
import { statusLabel } from "@/lib/format";
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
      <FilterSelect
        id="f-status"
        label="Status"
        value={params.status ?? ""}
        anyLabel="Any status"
        options={CASE_STATUSES.map((s) => ({ value: s, label: statusLabel(s) }))}
        onChange={(v) => onChange({ status: v }, { resetPage: true })}
      />
      <FilterSelect
        id="f-severity"
        label="Severity"
        value={params.severity ?? ""}
        anyLabel="Any severity"
        options={SEVERITIES.map((s) => ({ value: s, label: s }))}
        onChange={(v) => onChange({ severity: v }, { resetPage: true })}
      />
      <FilterSelect
        id="f-lead"
        label="Lead"
        value={params.lead ?? ""}
        anyLabel="Anyone"
        options={leads.map((u) => ({ value: u.id, label: u.name }))}
        onChange={(v) => onChange({ lead: v }, { resetPage: true })}
      />
    </div>
  );
}
