import { notFound } from "next/navigation";
import { ExportPanel } from "@/components/exports/export-panel";
import { can } from "@/lib/authz";
import { caseContent, listExports } from "@/lib/exports/queries";
import { SECTION_TITLES } from "@/lib/findings/schema";
import { publicSigningKey } from "@/lib/signing/key";
import { loadCase, type TCaseParams } from "../load-case";

export default async function ExportsPage({ params }: TCaseParams) {
  const { caseId } = await params;
  const { user, c } = await loadCase(caseId);
  const [list, content, key] = await Promise.all([listExports(user, caseId), caseContent(user, caseId), publicSigningKey()]);
  if (!list || !content) notFound();
  const targets = [
    ...content.findings.filter((f) => f.body.trim()).map((f) => ({ value: `finding:${f.section}`, label: `Findings: ${SECTION_TITLES[f.section]}` })),
    ...content.exhibits.map((x) => ({ value: `exhibit:${x.id}`, label: `Exhibit ${x.no}: ${x.label}` })),
  ];
  const request = can(user, "export.request", c.facts);
  return (
    <div>
      <h2>Exports</h2>
      <p className="small muted">
        Packages are signed with this Casebook&apos;s Ed25519 key, SHA-256 fingerprint <code className="mono">{key.fingerprint}</code>. Give recipients the fingerprint by another channel; they check a
        package on the <a href="/verify">verify page</a> or with the commands in the README.
      </p>
      <ExportPanel caseId={caseId} userId={user.id} list={list} canRequest={request.ok} whyNotRequest={request.ok ? undefined : request.reason} canReview={can(user, "export.review", c.facts).ok} targets={targets} content={{ findings: content.findings, exhibits: content.exhibits }} />
    </div>
  );
}
