import type { Metadata } from "next";
import { AccountsView, type TAccountUrlState } from "@/components/accounts/accounts-view";
import { ClusterStrip } from "@/components/accounts/cluster-strip";
import { formatCount } from "@/lib/format";
import { ImportSection } from "@/components/ingest/import-section";
import { accountFacets, listAccounts } from "@/lib/accounts/queries";
import { listClusters } from "@/lib/clusters/queries";
import { ZAccountListParams, type TAccountListParams } from "@/lib/accounts/schema";
import { AppError } from "@/lib/errors";
import type { TSessionUser } from "@/lib/session";
import { loadCase, type TCaseParams } from "../load-case";

export const metadata: Metadata = { title: "Accounts" };

type TSearchParams = Record<string, string | string[] | undefined>;

function first(sp: TSearchParams) {
  return Object.fromEntries(Object.entries(sp).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v]));
}

/** A cursor from an old or edited URL is not an error worth a page: start from the first page. */
async function listOrRestart(user: TSessionUser, caseId: string, p: TAccountListParams) {
  try {
    return { page: await listAccounts(user, caseId, p, { withTotal: true }), cursor: p.cursor };
  } catch (e) {
    if (!(e instanceof AppError) || e.code !== "bad_input" || !p.cursor) throw e;
    return { page: await listAccounts(user, caseId, { ...p, cursor: undefined }, { withTotal: true }), cursor: undefined };
  }
}

export default async function AccountsPage({ params, searchParams }: TCaseParams & { searchParams: Promise<TSearchParams> }) {
  const { caseId } = await params;
  const { user, c } = await loadCase(caseId);
  const raw = first(await searchParams);
  const p = ZAccountListParams.parse(raw);
  const [{ page, cursor }, clusters, facets] = await Promise.all([listOrRestart(user, c.id, p), listClusters(user, c.id), accountFacets(user, c.id)]);
  const state: TAccountUrlState = {
    sort: p.sort,
    dir: p.dir,
    cluster: p.cluster ?? "",
    status: p.status ?? "",
    country: p.country ?? "",
    asn: p.asn !== undefined ? p.asn.toString() : "",
    q: p.q ?? "",
    cursor: cursor ?? "",
  };
  const clusterList = clusters ?? [];
  return (
    <>
      <ImportSection user={user} caseId={c.id} facts={c.facts} kind="accounts" />
      <section className="panel" aria-labelledby="accounts-h">
        <div className="tab-head">
          <h2 id="accounts-h">Accounts</h2>
          <dl className="inline-counts">
            <div>
              <dt>Accounts</dt>
              <dd>{formatCount(c.counts.accounts)}</dd>
            </div>
            <div>
              <dt>Clusters</dt>
              <dd>{formatCount(c.counts.clusters)}</dd>
            </div>
          </dl>
        </div>
        {/* The strongest dozen that nobody rejected; the Clusters tab has them all. */}
        <ClusterStrip caseId={c.id} clusters={clusterList.filter((k) => k.status !== "rejected").slice(0, 12)} selected={state.cluster || undefined} />
        <AccountsView
          rows={page?.items ?? []}
          total={page?.total ?? 0}
          nextCursor={page?.nextCursor ?? null}
          state={state}
          clusters={clusterList.map((k) => ({ id: k.id, name: k.name, accountCount: k.accountCount }))}
          countries={facets?.countries ?? []}
          asns={facets?.asns ?? []}
        />
      </section>
    </>
  );
}
