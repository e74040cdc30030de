// The campaign figures of the Overview, each with its numbers and a CSV: exchanges per day by
// model, accounts created and active per day, tokens per day, and the capability profile.
import Link from "next/link";
import { SeriesChart } from "@/components/charts/series-chart";
import type { TCaseFigures } from "@/lib/figures/queries";
import styles from "./figures.module.css";

export function CaseFigures({ caseId, caseRef, figures }: { caseId: string; caseRef: string; figures: TCaseFigures }) {
  const { range } = figures;
  const file = (name: string) => `${caseRef}-${name}${range ? `-${range.from}-to-${range.to}` : ""}`;
  return (
    <section className="panel" aria-labelledby="figures-h">
      <div className={styles.head}>
        <h2 id="figures-h">Campaign figures</h2>
        {figures.hasWindow ? (
          <nav aria-label="Date range of the figures" className={styles.scope}>
            <Link href={`/cases/${caseId}`} aria-current={figures.scope === "window" ? "page" : undefined}>
              Case window
            </Link>
            <Link href={`/cases/${caseId}?figures=all`} aria-current={figures.scope === "all" ? "page" : undefined}>
              All dates
            </Link>
          </nav>
        ) : null}
      </div>
      {range ? (
        <p className="small muted">
          {range.from} to {range.to} (UTC days){figures.scope === "window" ? ", the case's window" : ""}. From the rollups the importer keeps with every file.
        </p>
      ) : (
        <p className="muted">No exchanges or accounts imported yet: the figures appear with the first import.</p>
      )}
      {range ? (
        <div className={styles.grid}>
          <SeriesChart title="Exchanges per day, by model" xLabel="Day" series={figures.byModel.series} rows={figures.byModel.rows} stacked fileName={file("exchanges-per-day")} />
          <SeriesChart
            title="Accounts per day"
            caption="Accounts opened that day, and accounts that sent at least one exchange."
            xLabel="Day"
            kind="line"
            series={[
              { key: "created", label: "Created" },
              { key: "active", label: "Active" },
            ]}
            rows={figures.accounts}
            fileName={file("accounts-per-day")}
          />
          <SeriesChart
            title="Tokens per day"
            xLabel="Day"
            kind="area"
            stacked
            series={[
              { key: "prompt", label: "Prompt tokens" },
              { key: "completion", label: "Completion tokens" },
            ]}
            rows={figures.tokens}
            fileName={file("tokens-per-day")}
          />
          <SeriesChart
            title="Capability profile"
            caption="Annotated samples per capability targeted (a sample may target several). Counts of what analysts tagged, not an estimate for all exchanges."
            xLabel="Capability"
            categorical
            series={[{ key: "samples", label: "Annotated samples" }]}
            rows={figures.capabilities}
            fileName={file("capability-profile")}
          />
          <SeriesChart
            title="Top template families"
            caption="Samples and accounts per family of near-duplicate prompts (the Templates tab has them all)."
            xLabel="Family"
            categorical
            series={[
              { key: "samples", label: "Samples" },
              { key: "accounts", label: "Accounts" },
            ]}
            rows={figures.families}
            fileName={file("template-families")}
          />
        </div>
      ) : null}
    </section>
  );
}
