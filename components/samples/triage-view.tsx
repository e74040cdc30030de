"use client";
// The triage screen's client shell: builds the queue's links, then hands over to SampleTriage.
import { useCallback } from "react";
import type { TTriage } from "@/lib/samples/queries";
import { SampleTriage } from "./sample-triage";

type TProps = { caseId: string; queue: string; drawId: string | null; triage: TTriage; capabilities: { id: string; key: string; name: string }[]; canEdit: boolean };

export function TriageView({ caseId, queue, drawId, ...rest }: TProps) {
  const hrefFor = useCallback(
    (at: string) => `/cases/${caseId}/triage?${new URLSearchParams({ queue, ...(drawId ? { draw: drawId } : {}), at }).toString()}`,
    [caseId, queue, drawId],
  );
  return <SampleTriage hrefFor={hrefFor} {...rest} />;
}
