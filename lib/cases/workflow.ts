// The case workflow: open → in_review → approved → referred → closed, back to open on
// "changes requested"; who may take each step is decided by lib/authz.ts.
import { can, type TActor, type TCaseFacts, type TCaseStatus, type TPermission } from "../authz";

export type TTransition = "submit" | "approve" | "request_changes" | "refer" | "close" | "reopen";

export const TRANSITIONS: Record<TTransition, { permission: TPermission; to: TCaseStatus; label: string; needsComment: boolean }> = {
  submit: { permission: "case.submit", to: "in_review", label: "Submit for review", needsComment: false },
  approve: { permission: "case.approve", to: "approved", label: "Approve", needsComment: false },
  request_changes: { permission: "case.requestChanges", to: "open", label: "Request changes", needsComment: true },
  refer: { permission: "case.refer", to: "referred", label: "Mark referred", needsComment: false },
  close: { permission: "case.close", to: "closed", label: "Close case", needsComment: false },
  reopen: { permission: "case.reopen", to: "open", label: "Reopen", needsComment: false },
};

export function availableTransitions(actor: TActor, facts: TCaseFacts): TTransition[] {
  return (Object.keys(TRANSITIONS) as TTransition[]).filter((t) => can(actor, TRANSITIONS[t].permission, facts).ok);
}
