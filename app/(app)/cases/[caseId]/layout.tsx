import type { ReactNode } from "react";
import { CaseHeader } from "@/components/cases/case-header";
import { CaseTabs } from "@/components/cases/case-tabs";
import { loadCase, type TCaseParams } from "./load-case";

export default async function CaseLayout({ params, children }: TCaseParams & { children: ReactNode }) {
  const { caseId } = await params;
  const { c } = await loadCase(caseId);
  return (
    <>
      <CaseHeader c={c} />
      <CaseTabs caseId={c.id} />
      <div className="tab-body">{children}</div>
    </>
  );
}
