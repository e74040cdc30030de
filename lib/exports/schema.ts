// Inputs of the export workflow, shared by the Exports tab, the API and the server.
import { z } from "zod";

export const EXPORT_PROFILES = ["congressional", "legal_referral"] as const;
export type TExportProfile = (typeof EXPORT_PROFILES)[number];
export const PROFILE_LABELS: Record<TExportProfile, string> = { congressional: "Congressional letter", legal_referral: "Legal referral" };

export const ZRequestExport = z.object({
  caseId: z.string().min(1),
  profile: z.enum(EXPORT_PROFILES, { message: "The profile is congressional or legal_referral." }),
});
export const ZResubmitExport = z.object({ exportId: z.string().min(1) });
export const ZCommentExport = z.object({
  exportId: z.string().min(1),
  /** What the comment is about: a findings section or an exhibit ("" for the export as a whole). */
  target: z.string().trim().max(200).default(""),
  body: z.string().trim().min(1, "Write the comment.").max(5000, "Keep a comment under 5,000 characters."),
});
export const ZApproveExport = z.object({ exportId: z.string().min(1), comment: z.string().trim().max(5000).default("") });
export const ZRejectExport = z.object({ exportId: z.string().min(1), comment: z.string().trim().min(3, "Say what needs to change.").max(5000) });
