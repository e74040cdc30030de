// Findings are Markdown. This turns that Markdown into the package's blocks (lib/package/document)
// — which the app's preview and the PDF both draw, so what reviewers read is what the recipient
// gets. Raw HTML is never rendered: an HTML node becomes its literal text. Links to exhibits
// (`[](exhibit:ID)`) are citations; other links keep their text and show the address as text. Pure.
import type { Nodes, PhrasingContent, RootContent } from "mdast";
import { fromMarkdown } from "mdast-util-from-markdown";
import type { TBlock, TInline } from "../package/document";

export const CITATION_SCHEME = "exhibit:";

export function citationOf(url: string): string | null {
  return url.startsWith(CITATION_SCHEME) ? url.slice(CITATION_SCHEME.length).trim() : null;
}

/** `{kind:"ref"}` inlines name this anchor for an exhibit. */
export const exhibitAnchor = (exhibitId: string) => `exhibit-${exhibitId}`;

/** The markup the editor inserts to cite an exhibit: the link text is filled in when drawn. */
export const citationMarkup = (exhibitId: string) => `[](${CITATION_SCHEME}${exhibitId})`;

function textOf(node: Nodes): string {
  if ("value" in node && typeof node.value === "string") return node.value;
  if ("children" in node) return (node.children as Nodes[]).map(textOf).join("");
  return "";
}

type TMarks = { bold?: boolean; italic?: boolean };

function inlines(nodes: readonly PhrasingContent[], marks: TMarks = {}): TInline[] {
  const out: TInline[] = [];
  for (const n of nodes) {
    switch (n.type) {
      case "text":
        out.push({ kind: "text", text: n.value, ...marks });
        break;
      case "strong":
        out.push(...inlines(n.children, { ...marks, bold: true }));
        break;
      case "emphasis":
        out.push(...inlines(n.children, { ...marks, italic: true }));
        break;
      case "inlineCode":
        out.push({ kind: "text", text: n.value, code: true });
        break;
      case "break":
        out.push({ kind: "text", text: "\n" });
        break;
      case "link": {
        const exhibit = citationOf(n.url);
        const label = textOf(n);
        if (exhibit !== null) out.push({ kind: "ref", anchor: exhibitAnchor(exhibit), prefix: label ? `${label} ` : undefined });
        else out.push({ kind: "text", text: label && label !== n.url ? `${label} (${n.url})` : n.url, ...marks });
        break;
      }
      default:
        // html, images, footnote references…: their literal source text, never markup.
        out.push({ kind: "text", text: textOf(n) || ("value" in n ? String(n.value) : ""), ...marks });
    }
  }
  return out.filter((i) => i.kind === "ref" || i.text !== "");
}

function blocks(nodes: readonly RootContent[]): TBlock[] {
  const out: TBlock[] = [];
  for (const n of nodes) {
    switch (n.type) {
      case "heading":
        // Findings sit under their section's own heading: their headings are one level down.
        out.push({ kind: "heading", level: n.depth <= 1 ? 2 : 3, text: textOf(n) });
        break;
      case "paragraph":
        out.push({ kind: "paragraph", inlines: inlines(n.children) });
        break;
      case "list":
        out.push({
          kind: "list",
          ordered: Boolean(n.ordered),
          items: n.children.map((item) => item.children.flatMap((c) => (c.type === "paragraph" ? inlines(c.children) : [{ kind: "text" as const, text: textOf(c) }]))),
        });
        break;
      case "blockquote":
        out.push({ kind: "quote", inlines: n.children.flatMap((c) => (c.type === "paragraph" ? inlines(c.children) : [{ kind: "text" as const, text: textOf(c) }])) });
        break;
      case "code":
        out.push({ kind: "pre", text: n.value });
        break;
      case "thematicBreak":
        break;
      default: {
        const text = textOf(n) || ("value" in n ? String(n.value) : "");
        if (text.trim()) out.push({ kind: "paragraph", inlines: [{ kind: "text", text }] });
      }
    }
  }
  return out;
}

export function markdownBlocks(markdown: string): TBlock[] {
  return blocks(fromMarkdown(markdown).children);
}

/** Every exhibit a text cites, in order of first citation, each once. */
export function citedExhibits(markdown: string): string[] {
  const seen = new Set<string>();
  const walk = (node: Nodes) => {
    if (node.type === "link") {
      const id = citationOf(node.url);
      if (id !== null) seen.add(id);
    }
    if ("children" in node) for (const c of node.children as Nodes[]) walk(c);
  };
  walk(fromMarkdown(markdown));
  return [...seen];
}
