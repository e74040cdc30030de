"use client";
// The exhibit list: what the package carries beside the findings, in order, each with a caption.
// Reorder by dragging the handle (or with the arrow buttons, or the handle's keyboard moves), caption in place, add from the case's
// samples, clusters, figures, evidence and estimates.
import { closestCenter, DndContext, KeyboardSensor, PointerSensor, useSensor, useSensors, type DragEndEvent } from "@dnd-kit/core";
import { arrayMove, SortableContext, sortableKeyboardCoordinates, useSortable, verticalListSortingStrategy } from "@dnd-kit/sortable";
import { CSS } from "@dnd-kit/utilities";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { addExhibitAction, captionExhibitAction, removeExhibitAction, reorderExhibitsAction } from "@/app/(app)/cases/[caseId]/findings/actions";
import { FormError } from "@/components/ui/form-error";
import { useActionForm } from "@/components/ui/use-action-form";
import type { TCaseContent, TExhibitChoices } from "@/lib/exports/queries";
import { EXHIBIT_KINDS, type TExhibitKind } from "@/lib/findings/schema";
import styles from "./findings.module.css";

const KIND_LABELS: Record<TExhibitKind, string> = { sample: "Sample", cluster: "Cluster", figure: "Figure", evidence: "Evidence item", estimate: "Estimate" };

type TProps = { caseId: string; exhibits: TCaseContent["exhibits"]; choices: TExhibitChoices; canEdit: boolean };

/** One row that can be dragged by its handle; the rest of the row stays clickable and editable. */
function SortableRow({ id, disabled, children }: { id: string; disabled: boolean; children: (handle: React.ReactNode) => React.ReactNode }) {
  const { attributes, listeners, setNodeRef, setActivatorNodeRef, transform, transition, isDragging } = useSortable({ id, disabled });
  const handle = disabled ? null : (
    <button type="button" ref={setActivatorNodeRef} className={`btn btn-small btn-ghost ${styles.handle}`} aria-label="Drag to reorder" {...attributes} {...listeners}>
      ⠿
    </button>
  );
  return (
    <li ref={setNodeRef} className={styles.exhibit} style={{ transform: CSS.Transform.toString(transform), transition, opacity: isDragging ? 0.6 : undefined }}>
      {children(handle)}
    </li>
  );
}

type TExhibit = TCaseContent["exhibits"][number];
type TForm = ReturnType<typeof useActionForm>;

/**
 * The exhibits in the order shown, and the moves that save a new one (drag, or the arrow buttons).
 * While a new order is being saved, it is shown; the refresh brings the server's.
 */
function useExhibitOrder(caseId: string, exhibits: TExhibit[], form: TForm) {
  const router = useRouter();
  const [order, setOrder] = useState<string[] | null>(null);
  const byId = new Map(exhibits.map((x) => [x.id, x]));
  const shown = order && order.length === exhibits.length && order.every((id) => byId.has(id)) ? order.map((id) => byId.get(id)!) : exhibits;
  const save = (next: string[]) => {
    setOrder(next);
    form.submit(() => reorderExhibitsAction({ caseId, order: next }), () => router.refresh());
  };
  const move = (i: number, d: -1 | 1) => save(arrayMove(shown.map((x) => x.id), i, i + d));
  const sensors = useSensors(useSensor(PointerSensor), useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }));
  const onDragEnd = ({ active, over }: DragEndEvent) => {
    if (!over || active.id === over.id) return;
    const ids = shown.map((x) => x.id);
    save(arrayMove(ids, ids.indexOf(String(active.id)), ids.indexOf(String(over.id))));
  };
  return { shown, move, sensors, onDragEnd };
}

export function ExhibitList({ caseId, exhibits, choices, canEdit }: TProps) {
  const router = useRouter();
  const form = useActionForm();
  const [kind, setKind] = useState<TExhibitKind>("sample");
  const [target, setTarget] = useState("");
  const [captions, setCaptions] = useState<Record<string, string>>({});
  const taken = new Set(exhibits.filter((x) => x.kind === kind).map((x) => x.targetId));
  const options = choices[kind].filter((c) => !taken.has(c.id));
  const { shown, move, sensors, onDragEnd } = useExhibitOrder(caseId, exhibits, form);

  return (
    <section className="panel" aria-labelledby="exhibits-h">
      <h3 id="exhibits-h">Exhibits ({exhibits.length})</h3>
      {exhibits.length === 0 ? <p className="small muted">No exhibits yet. Add the samples, clusters, figures, evidence and estimates the findings rely on.</p> : null}
      <DndContext id="exhibit-order" sensors={sensors} collisionDetection={closestCenter} onDragEnd={onDragEnd}>
        <SortableContext items={shown.map((x) => x.id)} strategy={verticalListSortingStrategy}>
          <ol className={styles.exhibits} aria-label="Exhibits in package order">
            {shown.map((x, i) => (
              <SortableRow key={x.id} id={x.id} disabled={!canEdit || form.pending}>
                {(handle) => (
                  <ExhibitEntry
                    exhibit={x}
                    index={i}
                    count={shown.length}
                    handle={handle}
                    canEdit={canEdit}
                    form={form}
                    caption={captions[x.id]}
                    onCaption={(text) => setCaptions({ ...captions, [x.id]: text })}
                    move={move}
                  />
                )}
              </SortableRow>
            ))}
          </ol>
        </SortableContext>
      </DndContext>
      {canEdit ? (
        <form
          className="stack"
          onSubmit={(e) => {
            e.preventDefault();
            form.submit(() => addExhibitAction({ caseId, kind, targetId: target, caption: "" }), () => {
              setTarget("");
              router.refresh();
            });
          }}
        >
          <h4>Add an exhibit</h4>
          <div className="field">
            <label htmlFor="ex-kind">Kind</label>
            <select id="ex-kind" value={kind} onChange={(e) => (setKind(e.target.value as TExhibitKind), setTarget(""))}>
              {EXHIBIT_KINDS.map((k) => (
                <option key={k} value={k}>
                  {KIND_LABELS[k]}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="ex-target">Item</label>
            <select id="ex-target" value={target} onChange={(e) => setTarget(e.target.value)}>
              <option value="">{options.length ? "Choose…" : "Nothing left to add"}</option>
              {options.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.label}
                </option>
              ))}
            </select>
          </div>
          <button type="submit" className="btn btn-small" disabled={!target || form.pending}>
            Add exhibit
          </button>
        </form>
      ) : null}
      <FormError message={form.formError} />
    </section>
  );
}

type TExhibitEntryProps = {
  exhibit: TExhibit;
  index: number;
  count: number;
  handle: React.ReactNode;
  canEdit: boolean;
  form: TForm;
  /** The caption being typed, until it is saved on leaving the field. */
  caption: string | undefined;
  onCaption: (text: string) => void;
  move: (i: number, d: -1 | 1) => void;
};

/** One exhibit: its number and drag handle, what it is, and its caption with the tools that edit it. */
function ExhibitEntry({ exhibit: x, index: i, count, handle, canEdit, form, caption, onCaption, move }: TExhibitEntryProps) {
  const router = useRouter();
  return (
    <>
      <span className={styles.exhibitNo}>
        {i + 1}.{handle}
      </span>
      <div>
        <div className={x.gone ? styles.gone : undefined}>
          {x.href && !x.gone ? <a className={styles.exhibitLink} href={x.href}>{x.label}</a> : x.label}
          {x.gone ? " — no longer in the case: remove it" : null}
        </div>
        {canEdit ? (
          <>
            <label className="sr-only" htmlFor={`cap-${x.id}`}>
              Caption of exhibit {x.no}
            </label>
            <input
              id={`cap-${x.id}`}
              value={caption ?? x.caption}
              onChange={(e) => onCaption(e.target.value)}
              onBlur={() => {
                const c = caption;
                if (c !== undefined && c !== x.caption) form.submit(() => captionExhibitAction({ exhibitId: x.id, caption: c }), () => router.refresh());
              }}
            />
            <div className={styles.exhibitTools}>
              <button type="button" className="btn btn-small" onClick={() => move(i, -1)} disabled={i === 0 || form.pending} aria-label={`Move exhibit ${i + 1} up`}>
                ↑
              </button>
              <button type="button" className="btn btn-small" onClick={() => move(i, 1)} disabled={i === count - 1 || form.pending} aria-label={`Move exhibit ${i + 1} down`}>
                ↓
              </button>
              <button type="button" className="btn btn-small btn-ghost" onClick={() => form.submit(() => removeExhibitAction({ exhibitId: x.id }), () => router.refresh())} disabled={form.pending}>
                Remove
              </button>
            </div>
          </>
        ) : (
          <div className="small muted">{x.caption}</div>
        )}
      </div>
    </>
  );
}
