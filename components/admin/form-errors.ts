// Turns action error details (or a client-side zod check) into one message per field.
import type { z } from "zod";

export type TDetail = { field?: string; message: string };

export function fieldErrors(details: TDetail[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const d of details) if (d.field && !out[d.field]) out[d.field] = d.message;
  return out;
}

export function zodFieldErrors(error: z.ZodError): Record<string, string> {
  return fieldErrors(error.issues.map((i) => ({ field: i.path.join(".") || undefined, message: i.message })));
}
