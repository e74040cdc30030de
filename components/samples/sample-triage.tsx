"use client";
// Triage: one sample at a time from a queue, worked from the keyboard (every key has a button).
// The prompt and response are attacker-written: they render as React text inside <mark>s and a
// <pre>, never as HTML. A selection in either becomes a span in code points (lib/analysis/spans.ts)
// and is stored with the tag it is evidence for; reopening the sample highlights it again.
import { useRouter } from "next/navigation";
import { useCallback, useEffect, useRef, useState, type Dispatch, type ReactNode, type SetStateAction } from "react";
import { useHotkeys } from "react-hotkeys-hook";
import { keyLabel, ShortcutSetting, useShortcutMode, type TShortcutMode } from "./shortcut-mode";
import { decideFlagsAction, setTriagedAction, tagSampleAction, untagSampleAction } from "@/app/(app)/cases/[caseId]/capabilities/actions";
import { FormError } from "@/components/ui/form-error";
import { useActionForm } from "@/components/ui/use-action-form";
import { RedactionPanel } from "./redaction-panel";
import { segmentsForHighlight, sliceCodePoints, spanFromUtf16, type THighlightSpan, type TSpan } from "@/lib/analysis/spans";
import { formatCount, formatTimestamp } from "@/lib/format";
import type { TTriage, TTriageSample } from "@/lib/samples/queries";
import styles from "./samples.module.css";

type TField = "prompt" | "response";
type TCapability = { id: string; key: string; name: string };
type TSelection = { field: TField; span: TSpan; text: string };

const QUEUE_NAMES: Record<string, string> = { all: "All samples", untriaged: "Untriaged", flagged: "Flagged by rules", draw: "Random draw" };

/** The UTF-16 offsets of the current selection within `root`, or null when it is not all inside. */
function selectionIn(root: HTMLElement): [number, number] | null {
  const sel = window.getSelection();
  if (!sel || sel.rangeCount === 0 || sel.isCollapsed) return null;
  const r = sel.getRangeAt(0);
  if (!root.contains(r.startContainer) || !root.contains(r.endContainer)) return null;
  const before = document.createRange();
  before.selectNodeContents(root);
  before.setEnd(r.startContainer, r.startOffset);
  const start = before.toString().length;
  return [start, start + r.toString().length];
}

function Highlighted({ text, spans, titles, label, onSelect }: { text: string; spans: THighlightSpan[]; titles: Map<string, string>; label: string; onSelect: (s: [number, number] | null) => void }) {
  const ref = useRef<HTMLPreElement>(null);
  if (!text) return <p className="muted small">No {label.toLowerCase()} stored.</p>;
  return (
    <pre ref={ref} className={styles.text} aria-label={label} tabIndex={0} onMouseUp={() => ref.current && onSelect(selectionIn(ref.current))} onKeyUp={() => ref.current && onSelect(selectionIn(ref.current))}>
      {segmentsForHighlight(text, spans).map((s, i) =>
        s.spanIds.length ? (
          <mark
            key={i}
            data-tag={s.spanIds.some((id) => id.startsWith("t:")) ? "" : undefined}
            data-flag={s.spanIds.some((id) => id.startsWith("f:")) ? "" : undefined}
            data-redacted={s.spanIds.some((id) => id.startsWith("r:")) ? "" : undefined}
            title={s.spanIds.map((id) => titles.get(id) ?? "").join("; ")}
          >
            {s.text}
          </mark>
        ) : (
          <span key={i}>{s.text}</span>
        ),
      )}
    </pre>
  );
}

function spansOf(sample: TTriageSample, field: TField) {
  const spans: THighlightSpan[] = [];
  const titles = new Map<string, string>();
  for (const a of sample.annotations) {
    if (a.field !== field || !a.span) continue;
    spans.push({ id: `t:${a.id}`, ...a.span });
    titles.set(`t:${a.id}`, `${a.capability}${a.note ? ` — ${a.note}` : ""}`);
  }
  for (const f of sample.flags) {
    if (f.field !== field) continue;
    spans.push({ id: `f:${f.id}`, ...f.span });
    titles.set(`f:${f.id}`, `rule ${f.ruleId} v${f.ruleVersion} (${f.status})`);
  }
  for (const r of sample.redactions) {
    if (r.field !== field) continue;
    spans.push({ id: `r:${r.id}`, ...r.span });
    titles.set(`r:${r.id}`, `withheld from packages: ${r.reason}`);
  }
  return { spans, titles };
}

function NoteEditor({ sample, annotation, disabled }: { sample: TTriageSample; annotation: TTriageSample["annotations"][number]; disabled: boolean }) {
  const router = useRouter();
  const form = useActionForm();
  const [note, setNote] = useState(annotation.note);
  return (
    <form
      className={styles.cap}
      onSubmit={(e) => {
        e.preventDefault();
        form.submit(
          () => tagSampleAction({ exchangeId: sample.id, capabilityId: annotation.capabilityId, field: annotation.field, span: annotation.span, note, seen: annotation.updatedAt }),
          () => router.refresh(),
        );
      }}
    >
      <input aria-label={`Note on ${annotation.capability}`} value={note} onChange={(e) => setNote(e.target.value)} placeholder="Note" disabled={disabled} maxLength={2000} />
      <button type="submit" className="btn btn-small" disabled={disabled || form.pending || note === annotation.note}>
        Save note
      </button>
      <FormError message={form.formError} />
    </form>
  );
}

type TTriageActionArgs = {
  triage: TTriage;
  canEdit: boolean;
  selection: TSelection | null;
  setSelection: (s: TSelection | null) => void;
  go: (id: string | null) => unknown;
};

/** What a person does to the sample: tag or untag a capability, decide its rule flags, mark it triaged. */
function useTriageActions({ triage, canEdit, selection, setSelection, go }: TTriageActionArgs) {
  const router = useRouter();
  const form = useActionForm();
  const sample = triage.sample;

  const toggle = (c: TCapability) => {
    if (!sample || !canEdit) return;
    const tagged = sample.annotations.find((a) => a.capabilityId === c.id);
    if (tagged && !selection) {
      form.submit(() => untagSampleAction({ exchangeId: sample.id, capabilityId: c.id }), () => router.refresh());
      return;
    }
    const sel = selection;
    form.submit(
      () => tagSampleAction({ exchangeId: sample.id, capabilityId: c.id, field: sel?.field ?? tagged?.field ?? "prompt", span: sel?.span ?? tagged?.span ?? null, note: tagged?.note ?? "" }),
      () => {
        setSelection(null);
        window.getSelection()?.removeAllRanges();
        router.refresh();
      },
    );
  };
  const pending = sample?.flags.filter((f) => f.status === "pending") ?? [];
  const decide = (decision: "confirm" | "reject") => {
    if (!sample || !canEdit || !pending.length) return;
    form.submit(() => decideFlagsAction({ exchangeId: sample.id, decision }), () => router.refresh());
  };
  const markTriaged = () => {
    if (!sample || !canEdit) return;
    form.submit(() => setTriagedAction({ exchangeId: sample.id, triaged: !sample.triaged }), () => (sample.triaged || !triage.next ? router.refresh() : go(triage.next)));
  };
  return { form, toggle, pending, decide, markTriaged };
}

type TKbd = (key: string) => ReactNode;

type TTriageKeyArgs = Pick<TTriageActionArgs, "triage" | "canEdit" | "selection" | "setSelection" | "go"> &
  Pick<ReturnType<typeof useTriageActions>, "toggle" | "decide" | "markTriaged"> & {
    capabilities: TCapability[];
    pendingCount: number;
    help: boolean;
    setHelp: Dispatch<SetStateAction<boolean>>;
  };

/** The arrow keys and Esc always work; the character keys as the person chose (shortcut-mode.tsx). */
function useTriageKeys(a: TTriageKeyArgs) {
  const { triage, canEdit, selection, setSelection, go, toggle, decide, markTriaged, capabilities, pendingCount, help, setHelp } = a;
  const sample = triage.sample;
  const [mode] = useShortcutMode();
  const opts = { useKey: true, enabled: !help } as const;
  const charOpts = { useKey: mode === "keys", enabled: !help && mode !== "off" } as const;
  const chars = (...keys: string[]) => (mode === "alt" ? keys.map((k) => `alt+${k}`) : keys);
  const kbd: TKbd = (key: string) => {
    const label = keyLabel(mode, key);
    return label ? <span className={styles.kbd}>{label}</span> : null;
  };
  useHotkeys("ArrowRight", () => go(triage.next), opts, [triage.next, go]);
  useHotkeys("ArrowLeft", () => go(triage.prev), opts, [triage.prev, go]);
  useHotkeys(chars("j"), () => go(triage.next), charOpts, [triage.next, go, mode]);
  useHotkeys(chars("k"), () => go(triage.prev), charOpts, [triage.prev, go, mode]);
  useHotkeys(
    chars("1", "2", "3", "4", "5", "6", "7", "8", "9"),
    (e) => {
      const c = capabilities[Number(/\d$/.exec(e.code)?.[0] ?? e.key) - 1];
      if (c) toggle(c);
    },
    charOpts,
    [capabilities, sample, selection, canEdit, mode],
  );
  useHotkeys(chars("y"), () => decide("confirm"), charOpts, [sample, canEdit, pendingCount, mode]);
  useHotkeys(chars("n"), () => decide("reject"), charOpts, [sample, canEdit, pendingCount, mode]);
  useHotkeys(chars("t"), () => markTriaged(), charOpts, [sample, canEdit, triage.next, mode]);
  useHotkeys("Escape", () => (help ? setHelp(false) : setSelection(null)), { useKey: true }, [help]);
  useHotkeys("?", () => setHelp((h) => !h), { useKey: true, enabled: mode === "keys" }, [mode]);
  return { mode, kbd };
}

export function SampleTriage({ triage, capabilities, canEdit, hrefFor }: { triage: TTriage; capabilities: TCapability[]; canEdit: boolean; hrefFor: (at: string) => string }) {
  const router = useRouter();
  const [selection, setSelection] = useState<TSelection | null>(null);
  const [help, setHelp] = useState(false);
  const sample = triage.sample;

  // A new sample starts without the last one's selection.
  const sampleId = sample?.id;
  const [seen, setSeen] = useState(sampleId);
  if (seen !== sampleId) {
    setSeen(sampleId);
    setSelection(null);
  }

  const pick = useCallback(
    (field: TField, text: string) => (offsets: [number, number] | null) => {
      if (!offsets) return;
      const span = spanFromUtf16(text, offsets[0], offsets[1]);
      if (span.end > span.start) setSelection({ field, span, text: sliceCodePoints(text, span.start, span.end) });
    },
    [],
  );

  const go = useCallback((id: string | null) => id && router.push(hrefFor(id)), [router, hrefFor]);

  const { form, toggle, pending, decide, markTriaged } = useTriageActions({ triage, canEdit, selection, setSelection, go });
  const keyArgs = { triage, canEdit, selection, setSelection, go, toggle, decide, markTriaged, capabilities, pendingCount: pending.length, help, setHelp };
  const { mode, kbd } = useTriageKeys(keyArgs);

  useEffect(() => {
    if (form.formError) window.scrollTo({ top: 0 });
  }, [form.formError]);

  return (
    <>
      <TriageNav triage={triage} mode={mode} kbd={kbd} go={go} onHelp={() => setHelp(true)} />
      {help ? <ShortcutHelp mode={mode} onClose={() => setHelp(false)} /> : null}
      <FormError message={form.formError} />
      {!sample ? (
        <p className="muted">{triage.queue === "untriaged" ? "Every sample of this case is triaged." : "No sample in this queue."}</p>
      ) : (
        <div className={styles.triage}>
          <div>
            <p className="small muted">
              <span className="mono">{sample.externalId}</span> · account <span className="mono">{sample.account}</span> · {formatTimestamp(sample.ts)} · {sample.model}
              {sample.triaged ? ` · triaged by ${sample.triaged.by}` : " · not triaged yet"}
            </p>
            <h3>Prompt</h3>
            <Highlighted text={sample.prompt} label="Prompt" {...spansOf(sample, "prompt")} onSelect={pick("prompt", sample.prompt)} />
            <h3>Response</h3>
            <Highlighted text={sample.response} label="Response" {...spansOf(sample, "response")} onSelect={pick("response", sample.response)} />
          </div>
          <aside>
            <CapabilityTags sample={sample} capabilities={capabilities} selection={selection} canEdit={canEdit} busy={form.pending} kbd={kbd} toggle={toggle} />
            <RuleFlags sample={sample} canDecide={canEdit && pending.length > 0} busy={form.pending} kbd={kbd} decide={decide} />
            <RedactionPanel sample={sample} selection={selection} canEdit={canEdit} onDone={() => (setSelection(null), window.getSelection()?.removeAllRanges())} />
            <h3>Triage</h3>
            <button type="button" className="btn" onClick={markTriaged} disabled={!canEdit || form.pending}>
              {kbd("t")} {sample.triaged ? "Put back in the queue" : "Mark triaged, next"}
            </button>
          </aside>
        </div>
      )}
    </>
  );
}

function TriageNav({ triage, mode, kbd, go, onHelp }: { triage: TTriage; mode: TShortcutMode; kbd: TKbd; go: (id: string | null) => unknown; onHelp: () => void }) {
  const queueName = QUEUE_NAMES[triage.queue] ?? triage.queue;
  return (
    <nav className={styles.nav} aria-label="Triage queue">
      <strong>{queueName}</strong>
      <span className="small muted" data-testid="triage-position">
        {triage.sample ? `${formatCount(triage.position)} of ${formatCount(triage.total)}` : `${formatCount(triage.total)} samples`}
      </span>
      <button type="button" className="btn btn-small" onClick={() => go(triage.prev)} disabled={!triage.prev}>
        {kbd("k")} Previous
      </button>
      <button type="button" className="btn btn-small" onClick={() => go(triage.next)} disabled={!triage.next}>
        Next {kbd("j")}
      </button>
      <button type="button" className="btn btn-small" onClick={onHelp}>
        Keys {mode === "keys" ? kbd("?") : null}
      </button>
    </nav>
  );
}

function ShortcutHelp({ mode, onClose }: { mode: TShortcutMode; onClose: () => void }) {
  return (
    <div role="dialog" aria-label="Keyboard shortcuts" className={`panel ${styles.help}`}>
      <h2>Keyboard shortcuts</h2>
      <ShortcutSetting />
      <dl>
        <dt className={styles.kbd}>{[keyLabel(mode, "j"), "→"].filter(Boolean).join(" / ")}</dt>
        <dd>Next sample</dd>
        <dt className={styles.kbd}>{[keyLabel(mode, "k"), "←"].filter(Boolean).join(" / ")}</dt>
        <dd>Previous sample</dd>
        <dt className={styles.kbd}>{keyLabel(mode, "1–9") ?? "off"}</dt>
        <dd>Toggle a capability; with text selected, tag it with the selection as its evidence</dd>
        <dt className={styles.kbd}>{keyLabel(mode, "y") ?? "off"}</dt>
        <dd>Confirm the pending rule flags</dd>
        <dt className={styles.kbd}>{keyLabel(mode, "n") ?? "off"}</dt>
        <dd>Reject the pending rule flags</dd>
        <dt className={styles.kbd}>{keyLabel(mode, "t") ?? "off"}</dt>
        <dd>Mark triaged and go to the next sample</dd>
        <dt className={styles.kbd}>Esc</dt>
        <dd>Clear the selection, close this</dd>
        <dt className={styles.kbd}>{mode === "keys" ? "?" : "off"}</dt>
        <dd>Show or hide these keys</dd>
      </dl>
      <button type="button" className="btn" onClick={onClose}>
        Close
      </button>
    </div>
  );
}

type TCapabilityTagsProps = {
  sample: TTriageSample;
  capabilities: TCapability[];
  selection: TSelection | null;
  canEdit: boolean;
  busy: boolean;
  kbd: TKbd;
  toggle: (c: TCapability) => void;
};

/** The capability buttons (pressed when tagged), with the note of each tag and the selection to tag. */
function CapabilityTags({ sample, capabilities, selection, canEdit, busy, kbd, toggle }: TCapabilityTagsProps) {
  return (
    <>
      <h3>Capabilities</h3>
      {selection ? (
        <p className="small" data-testid="selection">
          Selected in the {selection.field} ({selection.span.start}–{selection.span.end}): “{selection.text.length > 80 ? `${selection.text.slice(0, 80)}…` : selection.text}”. Press a number
          to tag it as evidence.
        </p>
      ) : canEdit ? (
        <p className="small muted">Select text in the prompt or response, then press a number to keep it as the evidence for that tag.</p>
      ) : null}
      <ul className={styles.caps}>
        {capabilities.map((c, i) => {
          const tag = sample.annotations.find((a) => a.capabilityId === c.id);
          return (
            <li key={c.id}>
              <div className={styles.cap}>
                <button type="button" className={`btn btn-small ${tag ? "btn-primary" : ""}`} aria-pressed={Boolean(tag)} onClick={() => toggle(c)} disabled={!canEdit || busy}>
                  {i < 9 ? kbd(String(i + 1)) : null} {c.name}
                </button>
                {tag?.span ? <span className="small muted">span in the {tag.field}</span> : null}
              </div>
              {tag ? <NoteEditor key={`${sample.id}:${tag.id}:${tag.note}`} sample={sample} annotation={tag} disabled={!canEdit} /> : null}
            </li>
          );
        })}
      </ul>
    </>
  );
}

/** What the rules flagged in this sample, and the buttons that confirm or reject the pending flags. */
function RuleFlags({ sample, canDecide, busy, kbd, decide }: { sample: TTriageSample; canDecide: boolean; busy: boolean; kbd: TKbd; decide: (d: "confirm" | "reject") => void }) {
  return (
    <>
      <h3>Rule flags</h3>
      {sample.flags.length === 0 ? (
        <p className="small muted">No rule fired on this sample.</p>
      ) : (
        <>
          {sample.flags.map((f) => (
            <div key={f.id} className={styles.flag} data-testid="rule-flag">
              <strong>{f.ruleId}</strong> v{f.ruleVersion} in the {f.field}: “{f.matched}” — <em>{f.status}</em>
              {f.decidedBy ? ` by ${f.decidedBy}` : ""}
            </div>
          ))}
          <div className={styles.cap}>
            <button type="button" className="btn btn-small" onClick={() => decide("confirm")} disabled={!canDecide || busy}>
              {kbd("y")} Confirm
            </button>
            <button type="button" className="btn btn-small" onClick={() => decide("reject")} disabled={!canDecide || busy}>
              {kbd("n")} Reject
            </button>
          </div>
        </>
      )}
    </>
  );
}
