"use client";
// The findings editor: one Markdown text per section with a live preview drawn from the same blocks
// as the PDF, citations inserted from the exhibit list, and a save that refuses to overwrite a
// colleague's newer text (it shows theirs instead). Broken citations are shown where they are.
import { useRouter } from "next/navigation";
import { useMemo, useRef, useState } from "react";
import { saveFindingAction } from "@/app/(app)/cases/[caseId]/findings/actions";
import { FormError } from "@/components/ui/form-error";
import { useActionForm } from "@/components/ui/use-action-form";
import { citationMarkup, markdownBlocks } from "@/lib/findings/markdown";
import { SECTION_HINTS, SECTION_TITLES, type TFindingSection } from "@/lib/findings/schema";
import { brokenCitations } from "@/lib/findings/targets";
import type { TCaseContent } from "@/lib/exports/queries";
import { formatDateTime } from "@/lib/format";
import { BlocksView, type TCitation } from "./blocks-view";
import styles from "./findings.module.css";

type TProps = { caseId: string; finding: TCaseContent["findings"][number]; exhibits: TCaseContent["exhibits"]; canEdit: boolean };

export function FindingSection({ caseId, finding, exhibits, canEdit }: TProps) {
  const router = useRouter();
  const [body, setBody] = useState(finding.body);
  const [version, setVersion] = useState(finding.version);
  const [theirs, setTheirs] = useState<string | null>(null);
  const [cite, setCite] = useState("");
  const area = useRef<HTMLTextAreaElement>(null);
  const form = useActionForm({ toErrors: (d) => ({ body: d.find((x) => x.field === "body")?.message ?? "" }) });
  const byAnchor = useMemo(() => new Map<string, TCitation>(exhibits.map((x) => [`exhibit-${x.id}`, { no: x.no, label: x.label, href: x.href, gone: x.gone }])), [exhibits]);
  const blocks = useMemo(() => markdownBlocks(body), [body]);
  const live = useMemo(() => new Set(exhibits.filter((x) => !x.gone).map((x) => x.id)), [exhibits]);
  const broken = useMemo(() => brokenCitations(body, live), [body, live]);
  const dirty = body !== finding.body || version !== finding.version;
  const id = `finding-${finding.section}`;

  function insertCitation(exhibitId: string) {
    const el = area.current;
    const mark = citationMarkup(exhibitId);
    const at = el ? el.selectionEnd : body.length;
    const next = body.slice(0, at) + mark + body.slice(at);
    setBody(next);
    setCite("");
    requestAnimationFrame(() => {
      el?.focus();
      el?.setSelectionRange(at + mark.length, at + mark.length);
    });
  }

  function save() {
    setTheirs(null);
    form.submit(
      async () => {
        const res = await saveFindingAction({ caseId, section: finding.section as TFindingSection, body, version });
        if (!res.ok && res.error.code === "conflict") setTheirs(res.error.details.find((d) => d.field === "body")?.message ?? "");
        return res;
      },
      (d) => {
        setVersion(d.version);
        router.refresh();
      },
    );
  }

  return (
    <section className={styles.section} aria-labelledby={`${id}-h`}>
      <div className={styles.sectionHead}>
        <h3 id={`${id}-h`}>{SECTION_TITLES[finding.section as TFindingSection]}</h3>
        <span className="small muted">{finding.updatedBy ? `Saved by ${finding.updatedBy}, ${formatDateTime(finding.updatedAt!)}` : "Not written yet"}</span>
      </div>
      <p className="small muted">{SECTION_HINTS[finding.section as TFindingSection]}</p>
      <div className={styles.editor}>
        <div>
          <label htmlFor={`${id}-md`} className="small">
            Markdown
          </label>
          <textarea id={`${id}-md`} ref={area} value={body} onChange={(e) => setBody(e.target.value)} readOnly={!canEdit} aria-describedby={`${id}-err`} spellCheck />
        </div>
        <div>
          <span className="small">Preview</span>
          <div className={styles.preview} aria-label={`Preview of ${SECTION_TITLES[finding.section as TFindingSection]}`}>
            {blocks.length ? <BlocksView blocks={blocks} cite={(a) => byAnchor.get(a) ?? null} /> : <p className="muted small">Nothing written yet.</p>}
          </div>
        </div>
      </div>
      <div id={`${id}-err`}>
        {broken.length ? (
          <p role="alert" className="form-error">
            {broken.length === 1 ? "A citation points at an exhibit that is gone" : `${broken.length} citations point at exhibits that are gone`}: remove {broken.length === 1 ? "it" : "them"} or add the exhibit again. An export cannot be requested until this is fixed.
          </p>
        ) : null}
      </div>
      {canEdit ? (
        <div className={styles.tools}>
          <label className="small" htmlFor={`${id}-cite`}>
            Cite an exhibit
          </label>
          <select id={`${id}-cite`} value={cite} onChange={(e) => insertCitation(e.target.value)} disabled={exhibits.length === 0}>
            <option value="">{exhibits.length ? "Choose…" : "Add exhibits first"}</option>
            {exhibits
              .filter((x) => !x.gone)
              .map((x) => (
                <option key={x.id} value={x.id}>
                  Exhibit {x.no}: {x.label}
                </option>
              ))}
          </select>
          <button type="button" className="btn btn-primary btn-small" onClick={save} disabled={form.pending || !dirty}>
            {form.pending ? "Saving…" : "Save section"}
          </button>
          {dirty ? <span className="small muted">Unsaved changes</span> : null}
        </div>
      ) : null}
      <FormError message={form.formError} />
      {theirs !== null ? (
        <div>
          <p className="small">Their text, as saved:</p>
          <pre className={styles.conflict}>{theirs}</pre>
          <button
            type="button"
            className="btn btn-small"
            onClick={() => router.refresh()}
          >
            Take their text
          </button>
        </div>
      ) : null}
    </section>
  );
}
