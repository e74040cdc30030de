// Turns action error details (or a client-side zod check) into one message per field.
import type { z } from "zod";

export type TDetail = { field?: string; message: string };

export function fieldErrors(details: TDetail[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const d of details) if (d.field && !out[d.field]) out[d.field] = d.message;
  return out;
}

/** A zod check's issues in the shape the server's errors take, so the form shows both alike. */
export function zodDetails(error: z.ZodError): TDetail[] {
  return error.issues.map((i) => ({ field: i.path.join(".") || undefined, message: i.message }));
}
