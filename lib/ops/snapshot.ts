// The figures /metrics reads from PostgreSQL at each scrape (lib/ops/metrics.ts renders them).
// Counts across every case, never a case's content: read with db() directly, not through
// reader(user) (no person asks; the metrics token does). Each query is bounded by an index:
// job (status, createdAt) and import_job (status, createdAt) for the live and recent rows only,
// however many finished ones pile up, and audit_event's partial index on failed sign-ins (its
// migration, …_sign_in_failure_index). A statement timeout keeps a slow database from holding a scrape.
import "server-only";
import { SIGN_IN_FAILURE_REASONS } from "../auth/sign-in";
import { db } from "../db";
import { env } from "../env";
import { ImportKind } from "../generated/prisma/enums";
import { JOB_KINDS } from "../jobs/queue";
import { SIGN_IN_WINDOW_MS, type TFinishedFigures, type TImportFigures, type TOpsSnapshot, type TQueueFigures } from "./metrics";

const HOUR = 3600_000;
const DAY = 24 * HOUR;
/**
 * How far back a finished job's or import's creation may lie for it to count among the recent
 * ones: the index range on createdAt that keeps the read small. A job queued over a week before it
 * ends is left out of the figures.
 */
const CREATED_WITHIN = 8 * DAY;

const ts = (d: Date) => d.toISOString();

export async function opsSnapshot(now = new Date()): Promise<TOpsSnapshot> {
  const staleBefore = ts(new Date(now.getTime() - env().CASEBOOK_JOB_STALE_MS));
  const hourAgo = ts(new Date(now.getTime() - HOUR));
  const dayAgo = ts(new Date(now.getTime() - DAY));
  const createdSince = ts(new Date(now.getTime() - CREATED_WITHIN));
  const signInSince = ts(new Date(now.getTime() - SIGN_IN_WINDOW_MS));
  const [, queue, finished, imports, signIns] = await db().$transaction([
    db().$queryRaw`SELECT set_config('statement_timeout', '3000', true)`,
    db().$queryRaw<TQueueFigures[]>`
      SELECT kind,
             count(*) FILTER (WHERE status = 'queued')::int AS queued,
             count(*) FILTER (WHERE status = 'running')::int AS running,
             count(*) FILTER (WHERE status = 'running' AND ("heartbeatAt" IS NULL OR "heartbeatAt" < ${staleBefore}::timestamp(3)))::int AS stalled,
             min("createdAt") FILTER (WHERE status = 'queued') AS "oldestQueuedAt"
        FROM job WHERE status IN ('queued', 'running') GROUP BY kind`,
    db().$queryRaw<TFinishedFigures[]>`
      SELECT kind,
             count(*) FILTER (WHERE status = 'succeeded' AND "finishedAt" >= ${hourAgo}::timestamp(3))::int AS "succeededLastHour",
             count(*) FILTER (WHERE status = 'failed' AND "finishedAt" >= ${hourAgo}::timestamp(3))::int AS "failedLastHour",
             percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM "finishedAt" - "startedAt")) FILTER (WHERE status = 'succeeded') AS p50,
             percentile_cont(0.95) WITHIN GROUP (ORDER BY extract(epoch FROM "finishedAt" - "startedAt")) FILTER (WHERE status = 'succeeded') AS p95,
             (max(extract(epoch FROM "finishedAt" - "startedAt")) FILTER (WHERE status = 'succeeded'))::float8 AS max
        FROM job
       WHERE status IN ('succeeded', 'failed') AND "createdAt" >= ${createdSince}::timestamp(3)
         AND "finishedAt" >= ${dayAgo}::timestamp(3) AND "startedAt" IS NOT NULL
       GROUP BY kind`,
    db().$queryRaw<TImportFigures[]>`
      (SELECT kind::text, status::text, "rowsDone", "startedAt", "finishedAt" FROM import_job WHERE status = 'running')
      UNION ALL
      (SELECT DISTINCT ON (kind) kind::text, status::text, "rowsDone", "startedAt", "finishedAt" FROM import_job
        WHERE status = 'succeeded' AND "createdAt" >= ${createdSince}::timestamp(3) AND "finishedAt" >= ${dayAgo}::timestamp(3)
        ORDER BY kind, "finishedAt" DESC)`,
    // The action is written out, not a parameter: only then can the planner use the partial index.
    db().$queryRaw<{ reason: string; n: number }[]>`
      SELECT data->>'reason' AS reason, count(*)::int AS n FROM audit_event
       WHERE action = 'auth.signInFailed' AND at >= ${signInSince}::timestamp(3)
       GROUP BY 1`,
  ]);
  const signInFailures: Record<string, number> = Object.fromEntries(SIGN_IN_FAILURE_REASONS.map((r) => [r, 0]));
  for (const r of signIns) signInFailures[r.reason] = r.n;
  return { at: now, jobKinds: JOB_KINDS, importKinds: Object.values(ImportKind), queue, finished, imports, signInFailures };
}
