import { z } from "zod";

const isoDate = z
  .string()
  .refine((s) => !Number.isNaN(Date.parse(s)), "must be an ISO 8601 date or date-time")
  .transform((s) => new Date(/^\d{4}-\d{2}-\d{2}$/.test(s) ? `${s}T00:00:00Z` : s));

export const ZExchangeListParams = z.object({
  dir: z.enum(["asc", "desc"]).catch("desc").default("desc"),
  account: z.string().max(128).optional().catch(undefined),
  from: isoDate.optional().catch(undefined),
  to: isoDate.optional().catch(undefined),
  model: z.string().max(200).optional().catch(undefined),
  samplesOnly: z
    .enum(["1", "true", "0", "false"])
    .transform((v) => v === "1" || v === "true")
    .optional()
    .catch(undefined),
  capability: z.string().max(100).optional().catch(undefined),
  cursor: z.string().max(500).optional().catch(undefined),
  limit: z.coerce.number().int().min(1).max(500).catch(50).default(50),
});
export type TExchangeListParams = z.infer<typeof ZExchangeListParams>;
