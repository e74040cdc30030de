// What may be asked of the analysis runner, and the progress it reports.
import { z } from "zod";

export const ZAnalysisKind = z.enum(["cluster_suggestion", "rule_flags", "template_families"], { message: "kind must be cluster_suggestion, rule_flags or template_families" });
export type TAnalysisKind = z.infer<typeof ZAnalysisKind>;

export const ZRequestAnalysisInput = z.object({ caseId: z.string().min(1), kind: ZAnalysisKind });

/** Saved on each heartbeat: which step, and how far through it. */
export type TAnalysisProgress = { step: string; done: number; total: number };

