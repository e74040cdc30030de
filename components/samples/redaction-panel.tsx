"use client";
// Redaction by hand: the analyst selects text in a sample and withholds it from every package of
// the case, saying why. The package removes it (not covers it) and lists it in the redaction log.
import { useRouter } from "next/navigation";
import { useState } from "react";
import { addRedactionAction, removeRedactionAction } from "@/app/(app)/cases/[caseId]/findings/actions";
import { FormError } from "@/components/ui/form-error";
import { useActionForm } from "@/components/ui/use-action-form";
import { sliceCodePoints, type TSpan } from "@/lib/analysis/spans";
import type { TTriageSample } from "@/lib/samples/queries";

const clip = (s: string) => (s.length > 60 ? `${s.slice(0, 60)}…` : s);

type TProps = { sample: TTriageSample; selection: { field: "prompt" | "response"; span: TSpan } | null; canEdit: boolean; onDone: () => void };

export function RedactionPanel({ sample, selection, canEdit, onDone }: TProps) {
  const router = useRouter();
  const form = useActionForm();
  const [reason, setReason] = useState("Personal data of a third party, not needed by the recipient.");
  return (
    <section aria-labelledby="redact-h">
      <h3 id="redact-h">Redactions</h3>
      {sample.redactions.length ? (
        <ul className="small">
          {sample.redactions.map((r) => (
            <li key={r.id} data-testid="redaction">
              In the {r.field}: “{clip(sliceCodePoints(r.field === "prompt" ? sample.prompt : sample.response, r.span.start, r.span.end))}” — {r.reason} <span className="muted">({r.by})</span>{" "}
              {canEdit ? (
                <button type="button" className="btn btn-small btn-ghost" disabled={form.pending} onClick={() => form.submit(() => removeRedactionAction({ redactionId: r.id }), () => router.refresh())}>
                  Remove
                </button>
              ) : null}
            </li>
          ))}
        </ul>
      ) : (
        <p className="small muted">Nothing in this sample is withheld from packages.</p>
      )}
      {canEdit && selection ? (
        <form
          className="stack"
          onSubmit={(e) => {
            e.preventDefault();
            form.submit(
              () => addRedactionAction({ kind: "manual", exchangeId: sample.id, field: selection.field, span: selection.span, reason }),
              () => {
                onDone();
                router.refresh();
              },
            );
          }}
        >
          <div className="field">
            <label htmlFor="redact-reason">Why the selection is withheld</label>
            <input id="redact-reason" value={reason} onChange={(e) => setReason(e.target.value)} />
          </div>
          <button type="submit" className="btn btn-small" disabled={form.pending}>
            Withhold the selection from packages
          </button>
        </form>
      ) : null}
      <FormError message={form.formError} />
    </section>
  );
}
