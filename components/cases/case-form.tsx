"use client";
// The one case form. "create" shows details + team; the edit page uses "details" and "team" as two
// separate forms because they need different permissions. The same zod schemas validate here (for
// instant field errors) and on the server (which decides).
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import type { z } from "zod";
import { createCaseAction, setCaseTeamAction, updateCaseAction } from "@/app/(app)/cases/actions";
import { FormError } from "@/components/ui/form-error";
import { zodDetails, type TDetail } from "@/components/ui/form-errors";
import { useActionForm } from "@/components/ui/use-action-form";
import type { TResult } from "@/lib/action";
import { ZCreateCaseInput, ZSetTeamInput, ZUpdateCaseInput } from "@/lib/cases/schema";
import { DetailFields, type TDetails } from "./detail-fields";
import { TeamFields, type TMemberRow, type TPerson } from "./team-fields";

export type TCaseFormValues = TDetails & { leadId: string; members: TMemberRow[] };

type TProps =
  | { mode: "create"; people: TPerson[]; initial: TCaseFormValues }
  | { mode: "details"; caseId: string; version: number; initial: TDetails }
  | { mode: "team"; caseId: string; people: TPerson[]; initial: { leadId: string; members: TMemberRow[] } };

const SUBMIT = { create: "Create case", details: "Save changes", team: "Save team" } as const;
const EMPTY_DETAILS: TDetails = { title: "", summary: "", severity: "medium", suspectedActor: "", windowStart: "", windowEnd: "" };

function toErrors(details: TDetail[], values: { members?: TMemberRow[] }): Record<string, string> {
  const out: Record<string, string> = {};
  for (const d of details) {
    const key = d.field ?? "";
    // zod's default for an empty member select is technical; say what to do instead.
    const m = /^members\.(\d+)\.userId$/.exec(key);
    const message = m && !values.members?.[Number(m[1])]?.userId ? "Pick a person or remove this row." : d.message;
    if (key && !out[key]) out[key] = message;
  }
  return out;
}

export function CaseForm(props: TProps) {
  const router = useRouter();
  const [values, setValues] = useState<TCaseFormValues>({ ...EMPTY_DETAILS, leadId: "", members: [], ...props.initial });
  const form = useActionForm({ toErrors: (details) => toErrors(details, values) });
  const { errors } = form;
  const set = (patch: Partial<TCaseFormValues>) => setValues((v) => ({ ...v, ...patch }));

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const { leadId, members, ...details } = values;
    const input =
      props.mode === "create"
        ? { ...details, leadId, members }
        : props.mode === "details"
          ? { ...details, caseId: props.caseId, version: props.version }
          : { caseId: props.caseId, leadId, members };
    const schema = props.mode === "create" ? ZCreateCaseInput : props.mode === "details" ? ZUpdateCaseInput : ZSetTeamInput;
    const check = schema.safeParse(input);
    if (!check.success) return form.refuse(zodDetails(check.error));
    const send = (): Promise<TResult<unknown>> =>
      props.mode === "create"
        ? createCaseAction(input as z.input<typeof ZCreateCaseInput>)
        : props.mode === "details"
          ? updateCaseAction(input as z.input<typeof ZUpdateCaseInput>)
          : setCaseTeamAction(input as z.input<typeof ZSetTeamInput>);
    form.submit(send, (data) => {
      const caseId = props.mode === "create" ? (data as { id: string }).id : props.caseId;
      router.push(`/cases/${caseId}`);
      router.refresh();
    });
  }

  return (
    <form className="stack case-form" onSubmit={onSubmit} noValidate aria-busy={form.pending}>
      {props.mode === "details" && <input type="hidden" name="version" value={props.version} />}
      {props.mode !== "team" && <DetailFields values={values} errors={errors} onChange={set} />}
      {props.mode !== "details" && (
        <TeamFields
          people={props.people}
          leadId={values.leadId}
          members={values.members}
          errors={errors}
          onLead={(leadId) => set({ leadId })}
          onMembers={(members) => set({ members })}
        />
      )}
      <FormError message={form.formError} />
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={form.pending}>
          {form.pending ? "Saving…" : SUBMIT[props.mode]}
        </button>
      </div>
    </form>
  );
}
