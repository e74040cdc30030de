// Inputs of the work on samples (tags with spans and notes, rule-flag decisions, triage marks,
// random draws), shared by the triage screen, the API and the server.
import { z } from "zod";
import { ZSeen } from "../concurrency-input";
import { ZDrawInput } from "../analysis/sampling";
import { isBigintId } from "../storable-text";

const exchangeId = z.string().refine(isBigintId, "Say which sample.");

export const ZTagSample = z
  .object({
    exchangeId,
    capabilityId: z.string().min(1, "Pick a capability."),
    field: z.enum(["prompt", "response"], { message: "A span is in the prompt or the response." }).default("prompt"),
    span: z
      .object({ start: z.number().int().min(0), end: z.number().int().min(0) })
      .nullable()
      .default(null),
    note: z.string().trim().max(2000, "Keep the note under 2,000 characters.").default(""),
    /** The tag's updatedAt as the note editor loaded it: a note changed since is not overwritten. */
    seen: ZSeen,
  })
  .refine((v) => !v.span || v.span.end > v.span.start, { message: "Select some text for the span.", path: ["span"] });
export type TTagSample = z.input<typeof ZTagSample>;

export const ZUntagSample = z.object({ exchangeId, capabilityId: z.string().min(1) });
export const ZDecideFlags = z.object({
  exchangeId,
  decision: z.enum(["confirm", "reject"], { message: "Confirm or reject." }),
  /** The flags to decide; all the sample's pending flags when absent. */
  flagIds: z.array(z.string().min(1)).max(50).optional(),
});
export const ZSetTriaged = z.object({ exchangeId, triaged: z.boolean() });
export const ZDrawSample = ZDrawInput.and(z.object({ caseId: z.string().min(1) }));
export type TDrawSample = z.input<typeof ZDrawSample>;

export const QUEUES = ["all", "untriaged", "flagged", "draw"] as const;
export type TQueue = (typeof QUEUES)[number];
