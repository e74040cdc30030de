// Expected failures, typed. Anything else is a bug: logged, and shown to people generically.
export type ErrorCode = "bad_input" | "unauthenticated" | "forbidden" | "not_found" | "conflict" | "too_large";

export type ErrorDetail = { field?: string; line?: number; message: string };

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: ErrorDetail[] = [],
  ) {
    super(message);
    this.name = "AppError";
  }
}

/**
 * Casebook cannot start as configured, for a reason the person running it can fix (a folder out of
 * reach, a port in use, a bad variable). Entry points print the message alone, with no stack trace,
 * and exit non-zero: the message must say what failed, why, and what to do.
 */
export class StartupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "StartupError";
  }
}

/** What an entry point prints when it gives up: the message alone for failures a person can fix, else the stack. */
export function describeFailure(e: unknown): string {
  if (e instanceof StartupError || e instanceof AppError) return e.message;
  return e instanceof Error ? (e.stack ?? e.message) : String(e);
}

export const notFound = (what = "That record") => new AppError("not_found", `${what} does not exist or you do not have access to it.`);

export const HTTP_STATUS: Record<ErrorCode, number> = {
  bad_input: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  too_large: 413,
};

export type TActionError = { code: ErrorCode | "internal"; message: string; details: ErrorDetail[] };

export function toActionError(e: unknown): TActionError {
  if (e instanceof AppError) return { code: e.code, message: e.message, details: e.details };
  console.error(e);
  return { code: "internal", message: "Something went wrong on our side. The error has been logged.", details: [] };
}
