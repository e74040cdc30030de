// Which runner does each kind of analysis. A new kind adds a line here; requests for a kind
// without a runner are refused by ZAnalysisKind (lib/analysis/schema.ts).
import type { AnalysisKind } from "../generated/prisma/client";
import { runClusterSuggestion } from "./runs/cluster-suggestion";
import { runTemplateFamilies } from "./runs/template-families";
import { runRuleFlags } from "./runs/rule-flags";
import type { TAnalysisRunner } from "./run-context";

export const ANALYSIS_RUNNERS: Partial<Record<AnalysisKind, TAnalysisRunner>> = {
  cluster_suggestion: runClusterSuggestion,
  rule_flags: runRuleFlags,
  template_families: runTemplateFamilies,
};
