"use client";
// Redaction by rule: which kinds of text every package of this case withholds, and why. A
// congressional package withholds personal data everywhere but the findings by itself; in the
// findings it follows these rules, and stops the build rather than rewrite the analyst's words.
import { useRouter } from "next/navigation";
import { useState } from "react";
import { addRedactionAction, removeRedactionAction } from "@/app/(app)/cases/[caseId]/findings/actions";
import { FormError } from "@/components/ui/form-error";
import { useActionForm } from "@/components/ui/use-action-form";
import type { TCaseContent } from "@/lib/exports/queries";
import { REDACTION_RULES, RULE_LABELS, type TRedactionRule } from "@/lib/findings/schema";

export function RedactionRules({ caseId, redactions, canEdit }: { caseId: string; redactions: TCaseContent["redactions"]; canEdit: boolean }) {
  const router = useRouter();
  const form = useActionForm();
  const [reason, setReason] = useState("Personal data of account holders not needed by the recipient.");
  const on = new Map(redactions.filter((r) => r.kind === "rule").map((r) => [r.rule, r]));
  const manual = redactions.filter((r) => r.kind === "manual");
  return (
    <section className="panel" aria-labelledby="redactions-h">
      <h3 id="redactions-h">Redactions</h3>
      <p className="small muted">
        Withheld text is removed from the PDF and the natives and listed in the package&apos;s redaction log. A congressional package always withholds detection rules, and personal data of account holders
        everywhere but in the findings: your own words follow these rules, and a personal value left in them stops the build and says where, rather than being rewritten behind your back. A name counts
        only when it could identify someone (two words, or six letters, and not a common word), so an account named &ldquo;Lab&rdquo; withholds nothing.
      </p>
      <fieldset disabled={!canEdit || form.pending}>
        <legend className="small">Withhold in every package of this case</legend>
        {REDACTION_RULES.map((rule) => {
          const r = on.get(rule);
          return (
            <label key={rule} className="field-check" title={r ? `Why: ${r.reason}` : undefined}>
              <input
                type="checkbox"
                checked={Boolean(r)}
                onChange={() =>
                  form.submit(
                    () => (r ? removeRedactionAction({ redactionId: r.id }) : addRedactionAction({ kind: "rule", caseId, rule: rule as TRedactionRule, reason })),
                    () => router.refresh(),
                  )
                }
              />
              {RULE_LABELS[rule]}
            </label>
          );
        })}
        <div className="field">
          <label htmlFor="redaction-reason">Reason recorded for a rule you turn on</label>
          <input id="redaction-reason" value={reason} onChange={(e) => setReason(e.target.value)} />
        </div>
      </fieldset>
      {manual.length ? (
        <>
          <h4>By hand ({manual.length})</h4>
          <ul className="small">
            {manual.map((r) => (
              <li key={r.id}>
                Characters {r.spanStart}–{r.spanEnd} of the {r.field} of sample {r.exchangeId}: {r.reason}{" "}
                {canEdit ? (
                  <button type="button" className="btn btn-small btn-ghost" onClick={() => form.submit(() => removeRedactionAction({ redactionId: r.id }), () => router.refresh())}>
                    Remove
                  </button>
                ) : null}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <FormError message={form.formError} />
    </section>
  );
}
