// The capability profile: per capability, what analysts tagged (counted, never projected) and, from
// a random draw, the estimated share and number of the frame's exchanges with a 95% interval and
// the sentence that states how the sample was drawn.
import Link from "next/link";
import { SeriesChart } from "@/components/charts/series-chart";
import { formatCount, formatDateTime } from "@/lib/format";
import type { TCapabilityProfile } from "@/lib/samples/queries";
import { ProfileTable } from "./profile-table";

export function CapabilityProfile({ caseId, profile }: { caseId: string; profile: TCapabilityProfile }) {
  const { draw } = profile;
  return (
    <>
      <section className="panel" aria-labelledby="profile-h">
        <h2 id="profile-h">Capability profile</h2>
        {draw ? (
          <p className="small">
            Estimates from the random draw of {formatDateTime(draw.createdAt)} by {draw.createdBy}: {formatCount(draw.drawn)} of {formatCount(draw.frameSize)} {draw.frameText}, seed{" "}
            {draw.seed}; {formatCount(profile.looked)} of them triaged so far (only triaged exchanges count).{" "}
            <Link href={`/cases/${caseId}/triage?queue=draw&draw=${draw.id}`}>Triage this draw</Link>
          </p>
        ) : (
          <p className="small">
            No random draw yet: the counts below are of the samples analysts tagged, which were not drawn at random, so nothing is projected to the case&apos;s exchanges. Draw a
            random sample below to estimate.
          </p>
        )}
        <ProfileTable caseId={caseId} items={profile.items} />
      </section>
      <SeriesChart
        title="Tagged samples per capability"
        caption="Counts of what analysts tagged (a sample may target several); not an estimate."
        xLabel="Capability"
        categorical
        series={[{ key: "samples", label: "Tagged samples" }]}
        rows={profile.items.filter((c) => c.annotatedSamples > 0).map((c) => ({ x: c.name, samples: c.annotatedSamples }))}
        fileName={`capability-profile-${caseId}`}
      />
    </>
  );
}
