"use client";
// A labelled search box: the shape every list's search takes (its text comes from useDebouncedSearch).
type TProps = { id: string; label: string; placeholder: string; value: string; onChange: (value: string) => void };

export function SearchField({ id, label, placeholder, value, onChange }: TProps) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input id={id} type="search" value={value} placeholder={placeholder} onChange={(e) => onChange(e.target.value)} />
    </div>
  );
}
