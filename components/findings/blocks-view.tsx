// Draws the package's blocks (lib/package/document) in the app: the findings preview uses the same
// blocks the PDF draws. Everything is a React text child: attacker-written text never becomes markup.
import type { TBlock, TInline } from "@/lib/package/document";
import styles from "./findings.module.css";

export type TCitation = { no: number; label: string; href: string | null; gone: boolean };

function Inlines({ items, cite }: { items: TInline[]; cite: (anchor: string) => TCitation | null }) {
  return (
    <>
      {items.map((i, k) => {
        if (i.kind === "ref") {
          const c = cite(i.anchor);
          if (!c || c.gone)
            return (
              <span key={k} className={styles.broken} role="note">
                {i.prefix}[citation of a missing exhibit]
              </span>
            );
          const text = `${i.prefix ?? ""}Exhibit ${c.no}`;
          return c.href ? (
            <a key={k} href={c.href} className={styles.cite} title={c.label}>
              {text}
            </a>
          ) : (
            <span key={k} className={styles.cite}>
              {text}
            </span>
          );
        }
        let node: React.ReactNode = i.text;
        if (i.code) node = <code>{node}</code>;
        if (i.italic) node = <em>{node}</em>;
        if (i.bold) node = <strong>{node}</strong>;
        return <span key={k}>{node}</span>;
      })}
    </>
  );
}

export function BlocksView({ blocks, cite }: { blocks: TBlock[]; cite: (anchor: string) => TCitation | null }) {
  return (
    <div className={styles.blocks}>
      {blocks.map((b, k) => {
        switch (b.kind) {
          case "heading":
            return b.level === 2 ? <h4 key={k}>{b.text}</h4> : <h5 key={k}>{b.text}</h5>;
          case "paragraph":
            return (
              <p key={k}>
                <Inlines items={b.inlines} cite={cite} />
              </p>
            );
          case "quote":
            return (
              <blockquote key={k}>
                <Inlines items={b.inlines} cite={cite} />
              </blockquote>
            );
          case "list": {
            const L = b.ordered ? "ol" : "ul";
            return (
              <L key={k}>
                {b.items.map((it, j) => (
                  <li key={j}>
                    <Inlines items={it} cite={cite} />
                  </li>
                ))}
              </L>
            );
          }
          case "pre":
            return <pre key={k}>{b.text}</pre>;
          case "note":
            return (
              <p key={k} className="small muted">
                {b.text}
              </p>
            );
          default:
            return null;
        }
      })}
    </div>
  );
}
