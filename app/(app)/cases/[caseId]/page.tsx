import { CaseComments } from "@/components/cases/case-comments";
import { CaseTeam } from "@/components/cases/case-team";
import { CountCards } from "@/components/cases/count-cards";
import { CaseFigures } from "@/components/figures/case-figures";
import { listComments } from "@/lib/cases/queries";
import { caseFigures } from "@/lib/figures/queries";
import { loadCase, type TCaseParams } from "./load-case";
import styles from "@/components/cases/cases.module.css";

export default async function CaseOverviewPage({ params, searchParams }: TCaseParams & { searchParams: Promise<{ figures?: string }> }) {
  const { caseId } = await params;
  const { user, c } = await loadCase(caseId);
  const { figures: scope } = await searchParams;
  const [comments, figures] = await Promise.all([listComments(user, c.id), caseFigures(user, c.id, scope === "all" ? "all" : "window", c)]);
  return (
    <div className={styles.overview}>
      <div>
        <section className="panel" aria-labelledby="summary-h">
          <h2 id="summary-h">Summary</h2>
          {c.summary ? <p className="prewrap">{c.summary}</p> : <p className="muted">No summary yet.</p>}
        </section>
        <CountCards counts={c.counts} />
        {figures ? <CaseFigures caseId={c.id} caseRef={c.ref} figures={figures} /> : null}
        <CaseComments caseId={c.id} comments={comments} canComment={c.permissions.comment} />
      </div>
      <aside>
        <CaseTeam leadId={c.leadId} members={c.members} />
      </aside>
    </div>
  );
}
