import { CaseComments } from "@/components/cases/case-comments";
import { CaseTeam } from "@/components/cases/case-team";
import { CountCards } from "@/components/cases/count-cards";
import { listComments } from "@/lib/cases/queries";
import { loadCase, type TCaseParams } from "./load-case";

export default async function CaseOverviewPage({ params }: TCaseParams) {
  const { caseId } = await params;
  const { user, c } = await loadCase(caseId);
  const comments = await listComments(user, c.id);
  return (
    <div className="overview">
      <div className="overview-main">
        <section className="panel" aria-labelledby="summary-h">
          <h2 id="summary-h">Summary</h2>
          {c.summary ? <p className="prewrap">{c.summary}</p> : <p className="muted">No summary yet.</p>}
        </section>
        <CountCards counts={c.counts} />
        <CaseComments caseId={c.id} comments={comments} canComment={c.permissions.comment} />
      </div>
      <aside className="overview-side">
        <CaseTeam leadId={c.leadId} members={c.members} />
      </aside>
    </div>
  );
}
