import { z } from "zod";

export const ZImportKind = z.enum(["accounts", "exchanges"], { message: "kind must be accounts or exchanges." });

// A name, never a path: it is shown, audited and offered back on download, so no slashes (a
// climb out of a folder), no control characters (NUL, line breaks that forge log lines).
export const ZImportFileName = z
  .string()
  .trim()
  .min(1, "The file needs a name.")
  .max(255, "Keep the file name under 255 characters.")
  .refine((n) => !/[/\\]/.test(n), "The file name must not contain slashes: send the name alone, not a path.")
  .refine((n) => !/[\u0000-\u001f\u007f]/.test(n), "The file name must not contain control characters (NUL, tab, line breaks).");

export const ZSubmitImportInput = z.object({
  caseId: z.string().min(1),
  kind: ZImportKind,
  fileName: ZImportFileName,
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  sizeBytes: z.number().int().min(0),
  via: z.enum(["ui", "api", "cli", "seed"]),
});
export type TSubmitImportInput = z.infer<typeof ZSubmitImportInput>;
