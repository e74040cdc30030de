import { z } from "zod";

export const ZImportKind = z.enum(["accounts", "exchanges"], { message: "kind must be accounts or exchanges." });

export const ZSubmitImportInput = z.object({
  caseId: z.string().min(1),
  kind: ZImportKind,
  fileName: z
    .string()
    .trim()
    .min(1, "The file needs a name.")
    .max(255, "Keep the file name under 255 characters.")
    .refine((n) => !/[/\\\u0000]/.test(n), "The file name must not contain slashes."),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  sizeBytes: z.number().int().min(0),
  via: z.enum(["ui", "api", "cli", "seed"]),
});
export type TSubmitImportInput = z.infer<typeof ZSubmitImportInput>;
