"use client";
// The one rendering of a TanStack table: sortable headers as buttons with aria-sort, rows as
// given. Paging, sorting and filtering live in the URL and on the server; views own those.
import { flexRender, type Row, type Table } from "@tanstack/react-table";
import type { HTMLAttributes } from "react";

type TProps<T> = {
  table: Table<T>;
  /** Column ids the server can sort by; other headers are plain text. */
  sortable?: Set<string>;
  rowProps?: (row: Row<T>) => HTMLAttributes<HTMLTableRowElement>;
};

const NONE = new Set<string>();

export function DataTable<T>({ table, sortable = NONE, rowProps }: TProps<T>) {
  return (
    <table className="data-table">
      <thead>
        {table.getHeaderGroups().map((hg) => (
          <tr key={hg.id}>
            {hg.headers.map((h) => {
              const sorted = h.column.getIsSorted();
              const canSort = h.column.getCanSort() && sortable.has(h.column.id);
              return (
                <th key={h.id} scope="col" aria-sort={sorted === "asc" ? "ascending" : sorted === "desc" ? "descending" : canSort ? "none" : undefined}>
                  {canSort ? (
                    <button type="button" className="sort-btn" onClick={h.column.getToggleSortingHandler()}>
                      {flexRender(h.column.columnDef.header, h.getContext())}
                      <span aria-hidden="true" className="sort-arrow">
                        {sorted === "asc" ? "▲" : sorted === "desc" ? "▼" : "↕"}
                      </span>
                    </button>
                  ) : (
                    flexRender(h.column.columnDef.header, h.getContext())
                  )}
                </th>
              );
            })}
          </tr>
        ))}
      </thead>
      <tbody>
        {table.getRowModel().rows.map((row) => (
          <tr key={row.id} {...rowProps?.(row)}>
            {row.getVisibleCells().map((cell) => (
              <td key={cell.id}>{flexRender(cell.column.columnDef.cell, cell.getContext())}</td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
