// The capability taxonomy's inputs, shared by the admin form and the server.
import { z } from "zod";

export const ZCapabilityFields = z.object({
  name: z.string().trim().min(2, "Give the capability a name of at least 2 characters.").max(80, "Keep the name under 80 characters."),
  description: z.string().trim().max(1000, "Keep the description under 1,000 characters.").default(""),
});

export const ZCreateCapability = ZCapabilityFields.extend({
  key: z
    .string()
    .trim()
    .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, "Use lowercase letters, digits and dashes for the key, e.g. code-review.")
    .max(40, "Keep the key under 40 characters."),
});
export type TCreateCapability = z.input<typeof ZCreateCapability>;

export const ZUpdateCapability = ZCapabilityFields.extend({ capabilityId: z.string().min(1) });
export type TUpdateCapability = z.input<typeof ZUpdateCapability>;
