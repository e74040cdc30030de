import { notFound } from "next/navigation";
import { ExportPanel } from "@/components/exports/export-panel";
import { can } from "@/lib/authz";
import { listExports } from "@/lib/exports/queries";
import { loadCase, type TCaseParams } from "../load-case";

export default async function ExportsPage({ params }: TCaseParams) {
  const { caseId } = await params;
  const { user, c } = await loadCase(caseId);
  const list = await listExports(user, caseId);
  if (!list) notFound();
  const request = can(user, "export.request", c.facts);
  return (
    <div>
      <h2>Exports</h2>
      <ExportPanel caseId={caseId} userId={user.id} list={list} canRequest={request.ok} whyNotRequest={request.ok ? undefined : request.reason} canReview={can(user, "export.review", c.facts).ok} />
    </div>
  );
}
