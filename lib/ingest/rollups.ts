// Rebuilds a case's rollups from its rows, for data that reached the tables without the importer
// (the benchmark's raw COPY baseline). The importer keeps them itself (lib/ingest/staging.ts).
import { Prisma, type TSql } from "../db/sql";

export async function rebuildCaseRollups(sql: TSql, caseId: string): Promise<void> {
  await sql.query(Prisma.sql`DELETE FROM exchange_day_rollup WHERE "caseId" = ${caseId} RETURNING 1`);
  await sql.query(Prisma.sql`
    INSERT INTO exchange_day_rollup ("caseId", day, model, exchanges, samples, "promptTokens", "completionTokens")
    SELECT "caseId", ts::date, model, count(*), count(*) FILTER (WHERE "isSample"), sum(coalesce("promptTokens", 0)), sum(coalesce("completionTokens", 0))
      FROM exchange WHERE "caseId" = ${caseId} GROUP BY 1, 2, 3
    RETURNING 1`);
  await sql.query(Prisma.sql`
    INSERT INTO case_rollup ("caseId", accounts, exchanges, samples, "promptTokens", "completionTokens", "firstExchangeAt", "lastExchangeAt")
    SELECT ${caseId}, (SELECT count(*) FROM account WHERE "caseId" = ${caseId}), coalesce(sum(exchanges), 0), coalesce(sum(samples), 0),
           coalesce(sum("promptTokens"), 0), coalesce(sum("completionTokens"), 0),
           (SELECT min(ts) FROM exchange WHERE "caseId" = ${caseId}), (SELECT max(ts) FROM exchange WHERE "caseId" = ${caseId})
      FROM exchange_day_rollup WHERE "caseId" = ${caseId}
    ON CONFLICT ("caseId") DO UPDATE SET accounts = EXCLUDED.accounts, exchanges = EXCLUDED.exchanges, samples = EXCLUDED.samples,
      "promptTokens" = EXCLUDED."promptTokens", "completionTokens" = EXCLUDED."completionTokens",
      "firstExchangeAt" = EXCLUDED."firstExchangeAt", "lastExchangeAt" = EXCLUDED."lastExchangeAt"
    RETURNING 1`);
}
