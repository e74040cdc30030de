import type { Metadata } from "next";
import { formatCount } from "@/lib/format";
import { ExchangesView, type TExchangeUrlState } from "@/components/exchanges/exchanges-view";
import { ImportSection } from "@/components/ingest/import-section";
import { AppError } from "@/lib/errors";
import { listExchanges, listModels } from "@/lib/exchanges/queries";
import { ZExchangeListParams, type TExchangeListParams } from "@/lib/exchanges/schema";
import type { TSessionUser } from "@/lib/session";
import { loadCase, type TCaseParams } from "../load-case";

export const metadata: Metadata = { title: "Exchanges" };

type TSearchParams = Record<string, string | string[] | undefined>;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

function first(sp: TSearchParams) {
  return Object.fromEntries(Object.entries(sp).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v]));
}

/** The "To" date input means "through that day": the query's bound is exclusive, so use the next day. */
function dayAfter(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  if (Number.isNaN(d.getTime())) return day;
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

async function listOrRestart(user: TSessionUser, caseId: string, p: TExchangeListParams) {
  try {
    return { page: await listExchanges(user, caseId, p), cursor: p.cursor };
  } catch (e) {
    if (!(e instanceof AppError) || e.code !== "bad_input" || !p.cursor) throw e;
    return { page: await listExchanges(user, caseId, { ...p, cursor: undefined }), cursor: undefined };
  }
}

export default async function ExchangesPage({ params, searchParams }: TCaseParams & { searchParams: Promise<TSearchParams> }) {
  const { caseId } = await params;
  const { user, c } = await loadCase(caseId);
  const raw = first(await searchParams);
  const p = ZExchangeListParams.parse({ ...raw, to: raw.to && DAY.test(raw.to) ? dayAfter(raw.to) : raw.to });
  const [{ page, cursor }, models] = await Promise.all([listOrRestart(user, c.id, p), listModels(user, c.id)]);
  const state: TExchangeUrlState = {
    dir: p.dir,
    account: p.account ?? "",
    from: raw.from && DAY.test(raw.from) && p.from ? raw.from : "",
    to: raw.to && DAY.test(raw.to) && p.to ? raw.to : "",
    model: p.model ?? "",
    samplesOnly: p.samplesOnly === true,
    cursor: cursor ?? "",
  };
  return (
    <>
      <ImportSection user={user} caseId={c.id} facts={c.facts} kind="exchanges" />
      <section className="panel" aria-labelledby="exchanges-h">
        <div className="tab-head">
          <h2 id="exchanges-h">Exchanges</h2>
          <dl className="inline-counts">
            <div>
              <dt>Exchanges</dt>
              <dd>{formatCount(c.counts.exchanges)}</dd>
            </div>
            <div>
              <dt>Samples</dt>
              <dd>{formatCount(c.counts.samples)}</dd>
            </div>
          </dl>
        </div>
        <ExchangesView caseId={c.id} rows={page?.items ?? []} nextCursor={page?.nextCursor ?? null} state={state} models={models ?? []} />
      </section>
    </>
  );
}
