// Case input schemas, shared by the forms (field errors) and the server (validation).
import { z } from "zod";

export const CASE_STATUSES = ["open", "in_review", "approved", "referred", "closed"] as const;
export const SEVERITIES = ["low", "medium", "high", "critical"] as const;
export const CASE_ROLES = ["analyst", "reviewer", "observer"] as const;

const optionalText = (max: number, what: string) =>
  z
    .string()
    .trim()
    .max(max, `Keep ${what} under ${max} characters.`)
    .optional()
    .transform((v) => (v ? v : null));

// Dates arrive from <input type="date"> as YYYY-MM-DD, or from the API as ISO 8601.
const optionalDate = (what: string) =>
  z
    .union([z.string(), z.date(), z.null()])
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v === null || v === "") return null;
      const d = v instanceof Date ? v : new Date(/^\d{4}-\d{2}-\d{2}$/.test(v) ? `${v}T00:00:00Z` : v);
      if (Number.isNaN(d.getTime())) {
        ctx.addIssue({ code: "custom", message: `${what} '${String(v)}' is not a date (use YYYY-MM-DD).` });
        return z.NEVER;
      }
      return d;
    });

export const ZCaseDetails = z
  .object({
    title: z.string().trim().min(3, "Give the case a title of at least 3 characters.").max(200, "Keep the title under 200 characters."),
    summary: z.string().trim().max(20_000, "Keep the summary under 20,000 characters.").default(""),
    severity: z.enum(SEVERITIES, { message: "Pick a severity: low, medium, high or critical." }).default("medium"),
    suspectedActor: optionalText(200, "the suspected actor"),
    windowStart: optionalDate("Window start"),
    windowEnd: optionalDate("Window end"),
  })
  .superRefine((v, ctx) => {
    if (v.windowStart && v.windowEnd && v.windowEnd < v.windowStart) {
      ctx.addIssue({ code: "custom", path: ["windowEnd"], message: "The window must end on or after its start." });
    }
  });

export const ZMember = z.object({
  userId: z.string().min(1, "Pick a person."),
  role: z.enum(CASE_ROLES, { message: "Case role must be analyst, reviewer or observer." }),
});

export const ZTeam = z.object({
  leadId: z.string().min(1, "Pick a lead analyst."),
  members: z.array(ZMember).max(200, "A case can have at most 200 members.").default([]),
});

export const ZCreateCaseInput = z.intersection(ZCaseDetails, ZTeam);
export type TCreateCaseInput = z.input<typeof ZCreateCaseInput>;

export const ZUpdateCaseInput = z.intersection(ZCaseDetails, z.object({ caseId: z.string().min(1), version: z.coerce.number().int() }));
export type TUpdateCaseInput = z.input<typeof ZUpdateCaseInput>;

export const ZSetTeamInput = z.intersection(ZTeam, z.object({ caseId: z.string().min(1) }));
export type TSetTeamInput = z.input<typeof ZSetTeamInput>;

export const ZTransitionInput = z
  .object({
    caseId: z.string().min(1),
    transition: z.enum(["submit", "approve", "request_changes", "refer", "close", "reopen"]),
    comment: z.string().trim().max(5000, "Keep the comment under 5,000 characters.").default(""),
  })
  .superRefine((v, ctx) => {
    if (v.transition === "request_changes" && !v.comment) {
      ctx.addIssue({ code: "custom", path: ["comment"], message: "Say what needs to change." });
    }
  });
export type TTransitionInput = z.input<typeof ZTransitionInput>;

export const ZAddCommentInput = z.object({
  caseId: z.string().min(1),
  body: z.string().trim().min(1, "Write something first.").max(5000, "Keep the comment under 5,000 characters."),
});

export const ZCaseListParams = z.object({
  page: z.coerce.number().int().min(1).catch(1).default(1),
  size: z.coerce.number().int().refine((n) => [10, 25, 50, 100].includes(n)).catch(25).default(25),
  sort: z.enum(["ref", "title", "status", "severity", "updatedAt", "createdAt", "windowStart"]).catch("updatedAt").default("updatedAt"),
  dir: z.enum(["asc", "desc"]).catch("desc").default("desc"),
  status: z.enum(CASE_STATUSES).optional().catch(undefined),
  severity: z.enum(SEVERITIES).optional().catch(undefined),
  lead: z.string().optional().catch(undefined),
  q: z.string().trim().max(200).optional().catch(undefined),
});
export type TCaseListParams = z.infer<typeof ZCaseListParams>;

export const ZApiCaseListQuery = z.object({
  status: z.enum(CASE_STATUSES, { message: `status must be one of ${CASE_STATUSES.join(", ")}.` }).optional(),
  q: z.string().trim().max(200, "q must be under 200 characters.").optional(),
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1, "limit must be 1 to 200.").max(200, "limit must be 1 to 200.").default(50),
});
