import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { SeriesChart } from "@/components/charts/series-chart";
import { ClusterDecisions } from "@/components/clusters/cluster-decisions";
import { ClusterMembers, type TMemberRow } from "@/components/clusters/cluster-members";
import { CrossCase } from "@/components/clusters/cross-case";
import { SignalList } from "@/components/clusters/signal-list";
import { listAccounts } from "@/lib/accounts/queries";
import { ZAccountListParams } from "@/lib/accounts/schema";
import { valueWeight, type TSignalKind } from "@/lib/analysis/clustering";
import { can } from "@/lib/authz";
import { clusterActivity, clusterSamples, crossCaseIndicators, getCluster, listClusters, memberReasons, sharedValues, type TCluster } from "@/lib/clusters/queries";
import { AppError } from "@/lib/errors";
import { formatCount, formatDateTime } from "@/lib/format";
import { loadCase } from "../../load-case";

export const metadata: Metadata = { title: "Cluster" };

type TProps = { params: Promise<{ caseId: string; clusterId: string }>; searchParams: Promise<{ cursor?: string }> };

export default async function ClusterPage({ params, searchParams }: TProps) {
  const { caseId, clusterId } = await params;
  const { user, c } = await loadCase(caseId);
  const cluster = await getCluster(user, clusterId);
  if (!cluster || cluster.caseId !== c.id) notFound();
  const { cursor } = await searchParams;
  const p = ZAccountListParams.parse({ cluster: cluster.id, sort: "externalId", cursor });
  const members = await listAccounts(user, c.id, p, { withTotal: true }).catch((e) => {
    if (e instanceof AppError && e.code === "bad_input") return listAccounts(user, c.id, { ...p, cursor: undefined }, { withTotal: true });
    throw e;
  });
  const [reasons, shared, activity, samples, hits, clusters] = await Promise.all([
    memberReasons(user, c.id, cluster.id, (members?.items ?? []).map((a) => BigInt(a.id))),
    sharedValues(user, c.id, cluster.id),
    clusterActivity(user, c.id, cluster.id, c.windowStart && c.windowEnd ? { from: c.windowStart, to: c.windowEnd } : null),
    clusterSamples(user, c.id, cluster.id),
    crossCaseIndicators(user, c.id, cluster.id),
    listClusters(user, c.id),
  ]);
  const rows: TMemberRow[] = (members?.items ?? []).map((a) => ({ ...a, reasons: reasons.get(a.id) ?? [] }));
  const editable = can(user, "case.edit", c.facts).ok;
  const others = (clusters ?? []).filter((k) => k.id !== cluster.id && k.origin !== "imported").map((k) => ({ id: k.id, name: k.name, accountCount: k.accountCount }));
  return (
    <>
      <ClusterSummary caseId={c.id} cluster={cluster} editable={editable} others={others} />

      <section className="panel" aria-labelledby="signals-h">
        <h2 id="signals-h">Linking signals</h2>
        <p className="small muted">Recorded when the cluster was made: each value with the members and the accounts of the whole case that share it, and its weight (rarer is stronger).</p>
        <SignalList signals={cluster.signals} limit={12} />
        <h3>Values the members share now</h3>
        {shared.length === 0 ? (
          <p className="small muted">The members share no payment fingerprint, organization id, IP range or ASN with user agent.</p>
        ) : (
          <SignalList signals={shared.map((s) => ({ kind: s.kind, value: s.value, accounts: s.members, caseAccounts: s.caseAccounts, weight: valueWeight(s.kind as TSignalKind, s.caseAccounts) }))} limit={20} />
        )}
      </section>

      <section className="panel" aria-labelledby="members-h">
        <h2 id="members-h">Members</h2>
        <ClusterMembers
          caseId={c.id}
          clusterId={cluster.id}
          clusterName={cluster.name}
          rows={rows}
          total={members?.total ?? 0}
          nextCursor={members?.nextCursor ?? null}
          cursor={cursor ?? ""}
          editable={editable && cluster.origin !== "imported"}
        />
      </section>

      <ClusterActivity clusterId={cluster.id} windowed={Boolean(c.windowStart && c.windowEnd)} activity={activity} />

      <section className="panel" aria-labelledby="samples-h">
        <h2 id="samples-h">Samples and capabilities</h2>
        <p className="small">
          {formatCount(samples.samples)} samples from this cluster&apos;s accounts; {formatCount(samples.annotated)} annotated.
        </p>
        {samples.capabilities.length ? (
          <SeriesChart
            title="Capabilities targeted"
            caption="Annotated samples of this cluster per capability (a sample may target several)."
            xLabel="Capability"
            categorical
            series={[{ key: "samples", label: "Samples" }]}
            rows={samples.capabilities.map((k) => ({ x: k.name, samples: k.samples }))}
            fileName={`cluster-${cluster.id}-capabilities`}
          />
        ) : (
          <p className="small muted">No sample of this cluster is annotated yet.</p>
        )}
      </section>

      <CrossCase hits={hits} scope="cluster" />
    </>
  );
}

type TOthers = { id: string; name: string; accountCount: number }[];

/** What the cluster is and who decided on it; a person who may edit the case decides here too. */
function ClusterSummary({ caseId, cluster, editable, others }: { caseId: string; cluster: TCluster; editable: boolean; others: TOthers }) {
  return (
    <section className="panel" aria-labelledby="cluster-h">
      <p className="small">
        <Link href={`/cases/${caseId}/clusters`}>← All clusters</Link>
      </p>
      <div className="tab-head">
        <h2 id="cluster-h">{cluster.name}</h2>
        <dl className="inline-counts">
          <div>
            <dt>Accounts</dt>
            <dd>{formatCount(cluster.accountCount)}</dd>
          </div>
          <div>
            <dt>Origin</dt>
            <dd>{cluster.origin}</dd>
          </div>
          <div>
            <dt>Status</dt>
            <dd data-testid="cluster-status">{cluster.status}</dd>
          </div>
          <div>
            <dt>Confidence</dt>
            <dd>{cluster.confidence === null ? "—" : `${Math.round(cluster.confidence * 100)}%`}</dd>
          </div>
        </dl>
      </div>
      {cluster.decidedBy ? (
        <p className="small muted">
          {cluster.status === "accepted" ? "Accepted" : cluster.status === "rejected" ? "Rejected" : "Decided"} by {cluster.decidedBy} on {formatDateTime(cluster.decidedAt)}
        </p>
      ) : null}
      {cluster.notes ? <p className="small">{cluster.notes}</p> : null}
      {editable ? <ClusterDecisions cluster={cluster} others={others} /> : null}
    </section>
  );
}

/** The members' exchanges, tokens and active accounts per day, from the per-account rollup. */
function ClusterActivity({ clusterId, windowed, activity }: { clusterId: string; windowed: boolean; activity: Awaited<ReturnType<typeof clusterActivity>> }) {
  return (
    <section className="panel" aria-labelledby="activity-h">
      <h2 id="activity-h">Activity</h2>
      <SeriesChart
        title="Exchanges per day"
        caption={`Exchanges of the cluster's members per UTC day${windowed ? ", over the case's window" : ""}, from the per-account rollup.`}
        xLabel="Day"
        series={[{ key: "exchanges", label: "Exchanges" }]}
        rows={activity.map((a) => ({ x: a.day, exchanges: a.exchanges }))}
        fileName={`cluster-${clusterId}-exchanges-per-day`}
      />
      <SeriesChart
        title="Tokens per day"
        xLabel="Day"
        kind="area"
        series={[{ key: "tokens", label: "Tokens" }]}
        rows={activity.map((a) => ({ x: a.day, tokens: a.tokens }))}
        fileName={`cluster-${clusterId}-tokens-per-day`}
      />
      <SeriesChart
        title="Active accounts per day"
        xLabel="Day"
        kind="line"
        series={[{ key: "accounts", label: "Active accounts" }]}
        rows={activity.map((a) => ({ x: a.day, accounts: a.accounts }))}
        fileName={`cluster-${clusterId}-active-accounts-per-day`}
      />
    </section>
  );
}
