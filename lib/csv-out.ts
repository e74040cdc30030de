// CSV for people to open in spreadsheets: RFC 4180 quoting, and any cell that a spreadsheet
// would run as a formula (= + - @, tab, CR) is prefixed with an apostrophe. Pure.
export function csvCell(v: unknown): string {
  let s = v === null || v === undefined ? "" : typeof v === "string" ? v : String(v);
  // A BOM before the formula character too: at the start of a file a spreadsheet drops the BOM.
  if (/^\uFEFF?[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvRow(values: unknown[]): string {
  return `${values.map(csvCell).join(",")}\r\n`;
}
