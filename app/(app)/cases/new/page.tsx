import type { Metadata } from "next";
import Link from "next/link";
import { CaseForm } from "@/components/cases/case-form";
import { can } from "@/lib/authz";
import { listAssignableUsers } from "@/lib/cases/queries";
import { requireUser } from "@/lib/session";

export const metadata: Metadata = { title: "New case" };

export default async function NewCasePage() {
  const user = await requireUser();
  const decision = can(user, "case.create");
  if (!decision.ok) {
    return (
      <div className="panel">
        <h1>New case</h1>
        <p>{decision.reason}</p>
        <p>
          <Link href="/cases">Back to cases</Link>
        </p>
      </div>
    );
  }
  const people = await listAssignableUsers(user);
  return (
    <div className="panel form-panel">
      <h1>New case</h1>
      <p className="muted">Open an investigation of one suspected distillation campaign. You can import accounts and exchanges once the case exists.</p>
      <CaseForm
        mode="create"
        people={people}
        initial={{
          title: "",
          summary: "",
          severity: "medium",
          suspectedActor: "",
          windowStart: "",
          windowEnd: "",
          leadId: user.role === "analyst" ? user.id : "",
          members: [],
        }}
      />
    </div>
  );
}
