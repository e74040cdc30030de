// Rebuilds a case's rollups from its rows, for data that reached the tables without the importer
// (the benchmark's raw COPY baseline), and as the reference the importer's upkeep is tested against
// (tests/imports.int.test.ts). The importer keeps them itself (lib/ingest/staging.ts, and
// lib/ingest/partition.ts for a case's first exchanges).
import { Prisma, type TSql } from "../db/sql";

export const ROLLUP_TABLES = ["case_rollup", "exchange_day_rollup", "case_day_rollup", "account_day_rollup", "account_rollup"] as const;

export async function rebuildCaseRollups(sql: TSql, caseId: string): Promise<void> {
  for (const table of ROLLUP_TABLES) {
    await sql.query(Prisma.sql`DELETE FROM ${Prisma.raw(table)} WHERE "caseId" = ${caseId} RETURNING 1`);
  }
  await sql.query(Prisma.sql`
    INSERT INTO exchange_day_rollup ("caseId", day, model, exchanges, samples, "promptTokens", "completionTokens")
    SELECT "caseId", ts::date, model, count(*), count(*) FILTER (WHERE "isSample"), sum(coalesce("promptTokens", 0)), sum(coalesce("completionTokens", 0))
      FROM exchange WHERE "caseId" = ${caseId} GROUP BY 1, 2, 3
    RETURNING 1`);
  await sql.query(Prisma.sql`
    INSERT INTO account_day_rollup ("accountId", day, "caseId", exchanges, "promptTokens", "completionTokens")
    SELECT "accountId", ts::date, ${caseId}, count(*), sum(coalesce("promptTokens", 0)), sum(coalesce("completionTokens", 0))
      FROM exchange WHERE "caseId" = ${caseId} GROUP BY 1, 2
    RETURNING 1`);
  await sql.query(Prisma.sql`
    INSERT INTO account_rollup ("accountId", "caseId", exchanges, "firstSeen", "lastSeen")
    SELECT "accountId", ${caseId}, count(*), min(ts), max(ts) FROM exchange WHERE "caseId" = ${caseId} GROUP BY 1
    RETURNING 1`);
  await sql.query(Prisma.sql`
    INSERT INTO case_day_rollup ("caseId", day, "accountsCreated", "activeAccounts")
    SELECT ${caseId}, day, sum(created)::int, sum(active)::int FROM (
      SELECT "accountCreatedAt"::date AS day, 1 AS created, 0 AS active FROM account WHERE "caseId" = ${caseId}
      UNION ALL
      SELECT day, 0, 1 FROM account_day_rollup WHERE "caseId" = ${caseId}
    ) d GROUP BY 2
    RETURNING 1`);
  await sql.query(Prisma.sql`
    INSERT INTO case_rollup ("caseId", accounts, exchanges, samples, "promptTokens", "completionTokens", "firstExchangeAt", "lastExchangeAt")
    SELECT ${caseId}, (SELECT count(*) FROM account WHERE "caseId" = ${caseId}), coalesce(sum(exchanges), 0), coalesce(sum(samples), 0),
           coalesce(sum("promptTokens"), 0), coalesce(sum("completionTokens"), 0),
           (SELECT min("firstSeen") FROM account_rollup WHERE "caseId" = ${caseId}), (SELECT max("lastSeen") FROM account_rollup WHERE "caseId" = ${caseId})
      FROM exchange_day_rollup WHERE "caseId" = ${caseId}
    RETURNING 1`);
}
