import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { TriageView } from "@/components/samples/triage-view";
import { listCapabilities } from "@/lib/capabilities/queries";
import { QUEUES, type TQueue } from "@/lib/samples/schema";
import { triageSample } from "@/lib/samples/queries";
import { loadCase, type TCaseParams } from "../load-case";

export const metadata: Metadata = { title: "Triage" };

type TSearch = { queue?: string; draw?: string; at?: string };

export default async function TriagePage({ params, searchParams }: TCaseParams & { searchParams: Promise<TSearch> }) {
  const { caseId } = await params;
  const { user, c } = await loadCase(caseId);
  const sp = await searchParams;
  const queue: TQueue = (QUEUES as readonly string[]).includes(sp.queue ?? "") ? (sp.queue as TQueue) : "untriaged";
  const [triage, capabilities] = await Promise.all([triageSample(user, c.id, queue, { drawId: sp.draw, at: sp.at }), listCapabilities(user)]);
  if (!triage) notFound();
  return (
    <section className="panel" aria-labelledby="triage-h">
      <p className="small">
        <Link href={`/cases/${c.id}/capabilities`}>← Capabilities</Link>
      </p>
      <h2 id="triage-h">Triage</h2>
      <TriageView caseId={c.id} queue={queue} drawId={sp.draw ?? null} triage={triage} capabilities={capabilities.map((k) => ({ id: k.id, key: k.key, name: k.name }))} canEdit={c.permissions.edit} />
    </section>
  );
}
