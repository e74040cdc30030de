// What an exhibit points at, in words and as a link in the app: a sample, a cluster, a figure, an
// evidence item or a capability's estimate. A target that no longer exists comes back as null: the
// editor shows the citation as broken and a request for an export is refused until it is fixed.
import type { Tx } from "../db";
import { citedExhibits } from "./markdown";
import { FIGURE_KEYS, type TExhibitKind, type TFigureKey } from "./schema";

export const FIGURE_TITLES: Record<TFigureKey, string> = {
  exchanges_by_model: "Exchanges per day, by model",
  tokens_per_day: "Tokens per day",
  active_accounts: "Accounts active per day",
  new_accounts: "Accounts created per day",
  capability_profile: "Annotated samples per capability",
};

export type TTarget = { targetId: string; label: string; defaultCaption: string; href: string };

type TReadTx = Pick<Tx, "exchange" | "cluster" | "evidenceItem" | "capability">;
type TExhibitTx = TReadTx & Pick<Tx, "exhibit">;

/** Each exhibit's target, or null where it is gone; one query per kind. */
export async function describeTargets(tx: TReadTx, caseId: string, items: ReadonlyArray<{ kind: TExhibitKind; targetId: string }>): Promise<Array<TTarget | null>> {
  const ids = (k: TExhibitKind) => [...new Set(items.filter((i) => i.kind === k).map((i) => i.targetId))];
  const sampleIds = ids("sample").filter((s) => /^\d{1,19}$/.test(s)).map(BigInt);
  const [samples, clusters, evidence, capabilities] = await Promise.all([
    sampleIds.length ? tx.exchange.findMany({ where: { caseId, isSample: true, id: { in: sampleIds } }, select: { id: true, externalId: true, prompt: true } }) : [],
    ids("cluster").length ? tx.cluster.findMany({ where: { caseId, id: { in: ids("cluster") }, status: { not: "rejected" } }, select: { id: true, name: true, _count: { select: { members: true } } } }) : [],
    ids("evidence").length ? tx.evidenceItem.findMany({ where: { caseId, id: { in: ids("evidence") } }, select: { id: true, originalName: true, sha256: true } }) : [],
    ids("estimate").length ? tx.capability.findMany({ where: { id: { in: ids("estimate") } }, select: { id: true, name: true } }) : [],
  ]);
  const s = new Map(samples.map((e) => [e.id.toString(), e]));
  const c = new Map(clusters.map((x) => [x.id, x]));
  const ev = new Map(evidence.map((x) => [x.id, x]));
  const cap = new Map(capabilities.map((x) => [x.id, x]));
  const base = `/cases/${caseId}`;
  return items.map(({ kind, targetId }) => {
    switch (kind) {
      case "sample": {
        const e = s.get(targetId);
        return e ? { targetId, label: `Sample ${e.externalId}`, defaultCaption: `Exchange ${e.externalId}`, href: `${base}/triage?at=${e.id}` } : null;
      }
      case "cluster": {
        const x = c.get(targetId);
        return x ? { targetId, label: `Cluster “${x.name}”`, defaultCaption: `Cluster “${x.name}” (${x._count.members.toLocaleString("en-US")} accounts) and its linking signals`, href: `${base}/clusters/${x.id}` } : null;
      }
      case "figure":
        return (FIGURE_KEYS as readonly string[]).includes(targetId)
          ? { targetId, label: `Figure: ${FIGURE_TITLES[targetId as TFigureKey]}`, defaultCaption: FIGURE_TITLES[targetId as TFigureKey], href: `${base}` }
          : null;
      case "evidence": {
        const x = ev.get(targetId);
        return x ? { targetId, label: `Evidence “${x.originalName}”`, defaultCaption: `${x.originalName} (SHA-256 ${x.sha256.slice(0, 12)}…) and its chain of custody`, href: `${base}/evidence` } : null;
      }
      case "estimate": {
        const x = cap.get(targetId);
        return x ? { targetId, label: `Estimate: ${x.name}`, defaultCaption: `Estimated exchanges targeting ${x.name}, with the sampling statement`, href: `${base}/capabilities` } : null;
      }
    }
  });
}

export async function describeTarget(tx: TReadTx, caseId: string, kind: TExhibitKind, targetId: string): Promise<TTarget | null> {
  return (await describeTargets(tx, caseId, [{ kind, targetId }]))[0];
}

/** The case's exhibits in package order, each with its target (null where the target is gone). */
export async function caseExhibits(tx: TExhibitTx, caseId: string) {
  const exhibits = await tx.exhibit.findMany({ where: { caseId }, orderBy: [{ position: "asc" }, { id: "asc" }] });
  const targets = await describeTargets(tx, caseId, exhibits);
  return exhibits.map((x, i) => ({ ...x, target: targets[i] }));
}

/** The exhibits a findings text cites that are not live exhibits of the case. */
export function brokenCitations(body: string, live: ReadonlySet<string>): string[] {
  return citedExhibits(body).filter((id) => !live.has(id));
}
