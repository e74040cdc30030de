// Server helper for the Accounts and Exchanges tabs: who may import, and the recent imports.
import "server-only";
import { can, type TCaseFacts } from "@/lib/authz";
import { listImports } from "@/lib/ingest/queries";
import type { TSessionUser } from "@/lib/session";
import { ImportPanel } from "./import-panel";

type TProps = { user: TSessionUser; caseId: string; facts: TCaseFacts; kind: "accounts" | "exchanges" };

export async function ImportSection({ user, caseId, facts, kind }: TProps) {
  const decision = can(user, "case.import", facts);
  const recent = (await listImports(user, caseId, kind)) ?? [];
  return <ImportPanel caseId={caseId} kind={kind} canImport={decision.ok} reason={decision.ok ? undefined : decision.reason} recent={recent} />;
}
