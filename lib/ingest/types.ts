export type TRowError = { line: number; field?: string; message: string };
export type TImportKind = "accounts" | "exchanges";
/** The errors of a refused file kept for people to read (all are counted). */
export const KEEP_ERRORS = 1000;
