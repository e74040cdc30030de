export type TRowError = { line: number; field?: string; message: string };
export type TImportKind = "accounts" | "exchanges";
