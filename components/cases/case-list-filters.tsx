"use client";

import { FilterSelect } from "@/components/ui/filter-select";
import { SearchField } from "@/components/ui/search-field";
import { useDebouncedSearch } from "@/components/ui/use-debounced-search";
import { CASE_STATUSES, SEVERITIES, type TCaseListParams } from "@/lib/cases/schema";
import { statusLabel } from "@/lib/format";
import type { TParamPatch } from "@/components/ui/use-url-params";

type TProps = {
  params: TCaseListParams;
  leads: { id: string; name: string }[];
  onChange: (patch: TParamPatch, opts?: { resetPage?: boolean; replace?: boolean }) => void;
};

export function CaseListFilters({ params, leads, onChange }: TProps) {
  const [q, onSearch] = useDebouncedSearch(params.q ?? "", (text) => onChange({ q: text }, { resetPage: true, replace: true }));

  return (
    <div className="filters" role="search">
      <SearchField id="f-search" label="Search" placeholder="Title, ref, actor, summary" value={q} onChange={onSearch} />
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
