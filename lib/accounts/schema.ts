import { z } from "zod";

export const ZAccountListParams = z.object({
  sort: z.enum(["createdAt", "externalId"]).catch("createdAt").default("createdAt"),
  dir: z.enum(["asc", "desc"]).catch("asc").default("asc"),
  cluster: z.string().max(100).optional().catch(undefined),
  status: z.enum(["active", "suspended", "banned"]).optional().catch(undefined),
  country: z.string().regex(/^[A-Za-z]{2}$/).transform((s) => s.toUpperCase()).optional().catch(undefined),
  asn: z.string().regex(/^(AS)?\d{1,10}$/i).transform((s) => BigInt(s.replace(/^AS/i, ""))).optional().catch(undefined),
  q: z.string().trim().max(200).optional().catch(undefined),
  cursor: z.string().max(500).optional().catch(undefined),
  limit: z.coerce.number().int().min(1).max(500).catch(50).default(50),
});
export type TAccountListParams = z.infer<typeof ZAccountListParams>;
