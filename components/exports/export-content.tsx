"use client";
// What an export carries, for its reviewers to read where they decide: every findings section as
// the PDF will draw it (the same blocks), and the exhibits in order with links to each item.
import { useMemo } from "react";
import { BlocksView, type TCitation } from "@/components/findings/blocks-view";
import type { TCaseContent } from "@/lib/exports/queries";
import { markdownBlocks } from "@/lib/findings/markdown";
import { SECTION_TITLES } from "@/lib/findings/schema";
import styles from "./exports.module.css";

export function ExportContent({ content }: { content: Pick<TCaseContent, "findings" | "exhibits"> }) {
  const cite = useMemo(() => {
    const byAnchor = new Map<string, TCitation>(content.exhibits.map((x) => [`exhibit-${x.id}`, { no: x.no, label: x.label, href: x.href, gone: x.gone }]));
    return (anchor: string) => byAnchor.get(anchor) ?? null;
  }, [content.exhibits]);
  const written = content.findings.filter((f) => f.body.trim());
  return (
    <div className={styles.content}>
      <div>
        <h4>Findings</h4>
        {written.length === 0 ? <p className="small muted">No findings written.</p> : null}
        {written.map((f) => (
          <section key={f.section} aria-label={SECTION_TITLES[f.section]}>
            <h5>{SECTION_TITLES[f.section]}</h5>
            <BlocksView blocks={markdownBlocks(f.body)} cite={cite} />
          </section>
        ))}
      </div>
      <div>
        <h4>Exhibits ({content.exhibits.length})</h4>
        <ol className="small">
          {content.exhibits.map((x) => (
            <li key={x.id}>
              {x.href && !x.gone ? <a href={x.href}>{x.label}</a> : x.label}
              {x.caption ? ` — ${x.caption}` : ""}
            </li>
          ))}
        </ol>
      </div>
    </div>
  );
}
