"use client";

import { fieldProps, Field } from "@/components/ui/field";
import { SEVERITIES } from "@/lib/cases/schema";

export type TDetails = {
  title: string;
  summary: string;
  severity: string;
  suspectedActor: string;
  windowStart: string;
  windowEnd: string;
};

type TProps = { values: TDetails; errors: Record<string, string>; onChange: (patch: Partial<TDetails>) => void };

export function DetailFields({ values, errors, onChange }: TProps) {
  return (
    <>
      <Field id="title" label="Title" error={errors.title}>
        <input {...fieldProps("title", errors.title)} name="title" value={values.title} maxLength={200} onChange={(e) => onChange({ title: e.target.value })} />
      </Field>
      <Field id="summary" label="Summary" error={errors.summary}>
        <textarea {...fieldProps("summary", errors.summary)} name="summary" rows={6} value={values.summary} onChange={(e) => onChange({ summary: e.target.value })} />
      </Field>
      <div className="field-row">
        <Field id="severity" label="Severity" error={errors.severity}>
          <select {...fieldProps("severity", errors.severity)} name="severity" value={values.severity} onChange={(e) => onChange({ severity: e.target.value })}>
            {SEVERITIES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </Field>
        <Field id="suspectedActor" label="Suspected actor" error={errors.suspectedActor}>
          <input
            {...fieldProps("suspectedActor", errors.suspectedActor)}
            name="suspectedActor"
            value={values.suspectedActor}
            onChange={(e) => onChange({ suspectedActor: e.target.value })}
          />
        </Field>
      </div>
      <div className="field-row">
        <Field id="windowStart" label="Window start" error={errors.windowStart}>
          <input
            {...fieldProps("windowStart", errors.windowStart)}
            type="date"
            name="windowStart"
            value={values.windowStart}
            onChange={(e) => onChange({ windowStart: e.target.value })}
          />
        </Field>
        <Field id="windowEnd" label="Window end" error={errors.windowEnd}>
          <input
            {...fieldProps("windowEnd", errors.windowEnd)}
            type="date"
            name="windowEnd"
            value={values.windowEnd}
            onChange={(e) => onChange({ windowEnd: e.target.value })}
          />
        </Field>
      </div>
    </>
  );
}
