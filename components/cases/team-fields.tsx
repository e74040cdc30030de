"use client";
// Lead analyst + member rows. A person's global role limits their case role, so picking a person
// pre-selects a role that fits (the server checks the same rule in lib/cases/team.ts).
import { fieldProps, Field } from "@/components/ui/field";
import { CASE_ROLES } from "@/lib/cases/schema";
import styles from "./cases.module.css";

export type TPerson = { id: string; name: string; email: string; role: string };
export type TMemberRow = { userId: string; role: string };

const DEFAULT_CASE_ROLE: Record<string, string> = { analyst: "analyst", reviewer: "reviewer", admin: "observer" };

type TProps = {
  people: TPerson[];
  leadId: string;
  members: TMemberRow[];
  errors: Record<string, string>;
  onLead: (id: string) => void;
  onMembers: (rows: TMemberRow[]) => void;
};

export function TeamFields({ people, leadId, members, errors, onLead, onMembers }: TProps) {
  const analysts = people.filter((p) => p.role === "analyst");
  const setRow = (i: number, row: TMemberRow) => onMembers(members.map((m, j) => (j === i ? row : m)));

  return (
    <>
      <Field id="leadId" label="Lead analyst" error={errors.leadId}>
        <select {...fieldProps("leadId", errors.leadId)} name="leadId" value={leadId} onChange={(e) => onLead(e.target.value)}>
          <option value="">Pick an analyst…</option>
          {analysts.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name} ({p.email})
            </option>
          ))}
        </select>
      </Field>
      <fieldset className={styles.members}>
        <legend>Members</legend>
        <p className="hint">The lead is always on the team as an analyst. Reviewers review; admins can observe.</p>
        {errors.members && <p className="field-error">{errors.members}</p>}
        {members.length === 0 && <p className="muted">No other members yet.</p>}
        {members.map((m, i) => {
          const userErr = errors[`members.${i}.userId`];
          const roleErr = errors[`members.${i}.role`];
          return (
            <div className={styles.memberRow} key={i}>
              <Field id={`member-${i}-user`} label={`Person ${i + 1}`} error={userErr}>
                <select
                  {...fieldProps(`member-${i}-user`, userErr)}
                  value={m.userId}
                  onChange={(e) => {
                    const person = people.find((p) => p.id === e.target.value);
                    setRow(i, { userId: e.target.value, role: person ? DEFAULT_CASE_ROLE[person.role] ?? "observer" : m.role });
                  }}
                >
                  <option value="">Pick a person…</option>
                  {people.map((p) => (
                    <option key={p.id} value={p.id}>
                      {p.name} ({p.role})
                    </option>
                  ))}
                </select>
              </Field>
              <Field id={`member-${i}-role`} label={`Case role ${i + 1}`} error={roleErr}>
                <select {...fieldProps(`member-${i}-role`, roleErr)} value={m.role} onChange={(e) => setRow(i, { ...m, role: e.target.value })}>
                  {CASE_ROLES.map((r) => (
                    <option key={r} value={r}>
                      {r}
                    </option>
                  ))}
                </select>
              </Field>
              <button type="button" className="btn btn-ghost" aria-label={`Remove member ${i + 1}`} onClick={() => onMembers(members.filter((_, j) => j !== i))}>
                Remove
              </button>
            </div>
          );
        })}
        <button type="button" className="btn" onClick={() => onMembers([...members, { userId: "", role: "analyst" }])}>
          Add member
        </button>
      </fieldset>
    </>
  );
}
