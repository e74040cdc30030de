// The demo case's findings, as its analyst would have written them: the clusters cited are
// accepted first, the exhibits added, every section written with citations, and a legal referral
// requested for the case's reviewer. The package is not built here (first start stays fast); a
// reviewer approves it in the Exports tab.
import { mustRunAction } from "../action";
import { seedActor } from "../actors";
import type { TPerson } from "../authz";
import { decideClusterAction } from "../clusters/mutations";
import { db } from "../db";
import { requestExportAction } from "../exports/mutations";
import { citationMarkup as cite } from "../findings/markdown";
import { addExhibitAction, saveFindingAction } from "../findings/mutations";
import type { TExhibitKind, TFindingSection } from "../findings/schema";

const n = (v: number) => v.toLocaleString("en-US");

/** A tagged sample of the case: the earliest whose tag has its evidence highlighted. */
async function taggedSample(caseId: string, capabilityKey: string) {
  const e = await db().exchange.findFirst({
    where: { caseId, isSample: true, prompt: { not: null }, annotations: { some: { capability: { key: capabilityKey }, spanStart: { not: null } } } },
    orderBy: { ts: "asc" },
    select: { id: true, externalId: true },
  });
  if (!e) throw new Error(`demo findings: no sample tagged ${capabilityKey} with its evidence highlighted`);
  return e;
}

export async function seedFindings(caseId: string, analyst: TPerson, exchangesFile: string) {
  const actor = seedActor(analyst);
  const clusters = await db().cluster.findMany({ where: { caseId, status: { not: "rejected" } }, select: { id: true, name: true, _count: { select: { members: true } } } });
  clusters.sort((a, b) => b._count.members - a._count.members || a.name.localeCompare(b.name));
  const [biggest, second] = clusters;
  if (!second) throw new Error("demo findings: the case has fewer than two clusters");
  // A referral relies on clusters the analyst accepted (and carries every account of them).
  for (const c of [biggest, second]) await mustRunAction(decideClusterAction, actor, { clusterId: c.id, decision: "accept" });

  const cot = await taggedSample(caseId, "cot-elicitation");
  const swe = await taggedSample(caseId, "software-engineering");
  const capability = await db().capability.findUniqueOrThrow({ where: { key: "cot-elicitation" }, select: { id: true } });
  const evidence = await db().evidenceItem.findFirstOrThrow({ where: { caseId, originalName: exchangesFile }, select: { id: true } });
  const [accounts, exchanges] = await Promise.all([db().account.count({ where: { caseId } }), db().exchange.count({ where: { caseId } })]);

  const add = async (kind: TExhibitKind, targetId: string, caption: string) => (await mustRunAction(addExhibitAction, actor, { caseId, kind, targetId, caption })).id;
  const x = {
    cot: await add("sample", String(cot.id), `Exchange ${cot.externalId}: a prompt that orders the model to write out its full internal reasoning before each action.`),
    swe: await add("sample", String(swe.id), `Exchange ${swe.externalId}: a software-engineering task asking for every intermediate file.`),
    biggest: await add("cluster", biggest.id, ""),
    second: await add("cluster", second.id, ""),
    volume: await add("figure", "exchanges_by_model", "Exchanges per day by model, 22 April – 5 June 2026, from the case's daily rollups."),
    estimate: await add("estimate", capability.id, ""),
    file: await add("evidence", evidence.id, "The detection pipeline's export of the campaign's exchanges, as received, with its chain of custody."),
  };

  const sections: Record<TFindingSection, string> = {
    summary: [
      `Between 22 April and 5 June 2026 a coordinated network of fraudulent API accounts harvested answers from our frontier models at scale, to train a competing model on them ("distillation"). The accounts were opened in batches, paid for with a handful of shared cards, and driven by scripts; their prompts were written to make the model show its reasoning ${cite(x.cot)}.`,
      `This case holds a slice of the campaign: **${n(accounts)} accounts** and **${n(exchanges)} exchanges**, of which ${n(biggest._count.members + second._count.members)} sit in the two largest clusters ${cite(x.biggest)} ${cite(x.second)}. The pattern matches the campaign attributed to the Qwen lab: same templates, same networks, same window.`,
      `We ask for a legal referral. The package carries every account of the accepted clusters, the chain of custody of the data, and the audit log of this case up to the approval.`,
    ].join("\n\n"),
    attribution: [
      `The accounts are one campaign, not many customers. The largest cluster ${cite(x.biggest)} shares payment fingerprints, a signup network (AS4134, Singapore and Hong Kong) and one scripted client (\`python-httpx/0.27.0\`); the second ${cite(x.second)} was found by the linking signals alone: ${n(second._count.members)} accounts that blend in with the ordinary customers of the same cloud network and browser, but all pay with one card.`,
      `Attribution to the Qwen lab rests on three things: the prompt templates, which are the ones seen in the public reporting of that lab's campaign; the networks, which belong to its cloud providers; and the timing, which stops the week the lab's model was announced. None of these alone is proof; together they are consistent and we found nothing against them.`,
    ].join("\n\n"),
    scale: [
      `The traffic rose within days of the first signups and stayed high for six weeks ${cite(x.volume)}, split across both production models, with the newer model taking over as soon as it shipped.`,
      `- ${n(accounts)} accounts in this case, of which ${n(biggest._count.members + second._count.members)} in the two clusters cited\n- ${n(exchanges)} exchanges, with prompt and response text for the samples only\n- the full campaign, as measured by the detection pipeline: about 25,000 accounts and 28.8 million exchanges`,
    ].join("\n\n"),
    capabilities: [
      `The prompts aim at agentic reasoning, software engineering and long-horizon work, and above all at the model's reasoning itself: templates order the model to "write out your full internal reasoning step by step" ${cite(x.cot)} or to show every intermediate file of a refactoring ${cite(x.swe)}.`,
      `The share of the campaign's exchanges that elicit reasoning traces is estimated from a random draw of samples ${cite(x.estimate)}; the interval and the sampling statement are printed with the estimate.`,
    ].join("\n\n"),
    methodology: [
      `Accounts and exchanges come from the detection pipeline's exports ${cite(x.file)}, imported unchanged; each file is kept with its SHA-256 and chain of custody. Accounts were linked by rare shared signals (payment fingerprints, signup networks, client strings, template families), weighted by how few accounts of the case share each, and every cluster cited was reviewed and accepted by an analyst.`,
      `Capabilities were tagged by reading a seeded random draw of samples, with the words that show the capability highlighted; the estimates extrapolate from that draw only.`,
    ].join("\n\n"),
    recommendations: [
      `1. Refer the accounts of the accepted clusters, with this package, for investigation of the fraud in opening and paying for them.\n2. Preserve the records of the payment processors named in the account data.\n3. Share the network and client indicators with the other labs affected, through the usual channel.`,
    ].join("\n\n"),
  };
  for (const [section, body] of Object.entries(sections) as [TFindingSection, string][]) await mustRunAction(saveFindingAction, actor, { caseId, section, body, version: 0 });

  return mustRunAction(requestExportAction, actor, { caseId, profile: "legal_referral" });
}
