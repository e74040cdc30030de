"use client";
// The one rendering of a TanStack table: sortable headers as buttons with aria-sort, rows as
// given. Paging, sorting and filtering live in the URL and on the server; views own those.
import { flexRender, getCoreRowModel, useReactTable, type ColumnDef, type Row, type SortingState, type Table, type TableOptions } from "@tanstack/react-table";
import { Fragment, type HTMLAttributes, type ReactNode } from "react";
import { TableWrap } from "@/components/ui/table-wrap";

declare module "@tanstack/react-table" {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars -- TanStack's own type parameters
  interface ColumnMeta<TData, TValue> {
    /** Class of the column's cells (e.g. "num nowrap"). */
    className?: string;
  }
}

/**
 * A TanStack table whose rows, order and pages come from the server: nothing is sorted, filtered
 * or paged in the browser. `extra` carries sorting state and handlers where a view has them.
 */
export function useServerTable<T extends { id: string }>(
  data: T[],
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- TanStack's own column type
  columns: ColumnDef<T, any>[],
  extra: Partial<TableOptions<T>> & { state?: { sorting?: SortingState } } = {},
): Table<T> {
  // TanStack's hook returns fresh functions each render; the React Compiler lint knows it and warns.
  // eslint-disable-next-line react-hooks/incompatible-library
  return useReactTable({
    data,
    columns,
    getCoreRowModel: getCoreRowModel(),
    getRowId: (r) => r.id,
    manualPagination: true,
    manualSorting: true,
    manualFiltering: true,
    enableMultiSort: false,
    enableSortingRemoval: false,
    sortDescFirst: false,
    ...extra,
  });
}

export type TDataTableProps<T> = {
  table: Table<T>;
  /** Column ids the server can sort by; other headers are plain text. */
  sortable?: Set<string>;
  rowProps?: (row: Row<T>) => HTMLAttributes<HTMLTableRowElement>;
  /** Shown under the headers when there are no rows. */
  empty?: { title: string; hint: ReactNode };
  /** Added to the table's "data-table" class. */
  className?: string;
  /** Only `className`, without the "data-table" look: a table nested in another one's row. */
  bare?: boolean;
  /** The table's accessible name, when no heading names it. */
  label?: string;
  /** A full-width row under each row (details, a nested list), or nothing. */
  subRow?: (row: Row<T>) => ReactNode;
  subRowClassName?: string;
  /** Wraps the table in a horizontally scrolling box. */
  wrap?: boolean | string;
};

const NONE = new Set<string>();

export function DataTable<T>({ table, sortable = NONE, rowProps, empty, className, bare, label, subRow, subRowClassName = "sub-row", wrap }: TDataTableProps<T>) {
  const none = table.getRowModel().rows.length === 0;
  const columns = table.getVisibleLeafColumns().length;
  const body = (
    <table className={bare ? className : className ? `data-table ${className}` : "data-table"} aria-label={label}>
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
        {table.getRowModel().rows.map((row) => {
          const sub = subRow?.(row);
          return (
            <Fragment key={row.id}>
              <tr {...rowProps?.(row)}>
                {row.getVisibleCells().map((cell) => (
                  <td key={cell.id} className={cell.column.columnDef.meta?.className}>
                    {flexRender(cell.column.columnDef.cell, cell.getContext())}
                  </td>
                ))}
              </tr>
              {sub ? (
                <tr className={subRowClassName}>
                  <td colSpan={columns}>{sub}</td>
                </tr>
              ) : null}
            </Fragment>
          );
        })}
      </tbody>
    </table>
  );
  return (
    <>
      {wrap ? (
        <TableWrap label={label} className={typeof wrap === "string" ? wrap : undefined}>
          {body}
        </TableWrap>
      ) : (
        body
      )}
      {none && empty && (
        <div className="empty">
          <p>
            <strong>{empty.title}</strong>
          </p>
          <p className="muted">{empty.hint}</p>
        </div>
      )}
    </>
  );
}
