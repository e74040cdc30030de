-- CreateTable
CREATE TABLE "case_rollup" (
    "caseId" TEXT NOT NULL,
    "accounts" INTEGER NOT NULL DEFAULT 0,
    "exchanges" BIGINT NOT NULL DEFAULT 0,
    "samples" INTEGER NOT NULL DEFAULT 0,
    "promptTokens" BIGINT NOT NULL DEFAULT 0,
    "completionTokens" BIGINT NOT NULL DEFAULT 0,
    "firstExchangeAt" TIMESTAMP(3),
    "lastExchangeAt" TIMESTAMP(3),

    CONSTRAINT "case_rollup_pkey" PRIMARY KEY ("caseId")
);

-- CreateTable
CREATE TABLE "exchange_day_rollup" (
    "caseId" TEXT NOT NULL,
    "day" DATE NOT NULL,
    "model" TEXT NOT NULL,
    "exchanges" INTEGER NOT NULL,
    "samples" INTEGER NOT NULL,
    "promptTokens" BIGINT NOT NULL,
    "completionTokens" BIGINT NOT NULL,

    CONSTRAINT "exchange_day_rollup_pkey" PRIMARY KEY ("caseId","day","model")
);

-- AddForeignKey
ALTER TABLE "job" ADD CONSTRAINT "job_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "case"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "audit_event" ADD CONSTRAINT "audit_event_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "case"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "case_rollup" ADD CONSTRAINT "case_rollup_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "case"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "exchange_day_rollup" ADD CONSTRAINT "exchange_day_rollup_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "case"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Fill the rollups from the rows already there; from now on the importer keeps them.
INSERT INTO "case_rollup" ("caseId", "accounts", "exchanges", "samples", "promptTokens", "completionTokens", "firstExchangeAt", "lastExchangeAt")
SELECT c."id",
       (SELECT count(*) FROM "account" a WHERE a."caseId" = c."id"),
       coalesce(e.n, 0), coalesce(e.samples, 0), coalesce(e.pt, 0), coalesce(e.ct, 0), e.first, e.last
  FROM "case" c
  LEFT JOIN (
    SELECT "caseId", count(*) AS n, count(*) FILTER (WHERE "isSample") AS samples,
           sum(coalesce("promptTokens", 0)) AS pt, sum(coalesce("completionTokens", 0)) AS ct, min(ts) AS first, max(ts) AS last
      FROM "exchange" GROUP BY "caseId"
  ) e ON e."caseId" = c."id";

INSERT INTO "exchange_day_rollup" ("caseId", "day", "model", "exchanges", "samples", "promptTokens", "completionTokens")
SELECT "caseId", ts::date, model, count(*), count(*) FILTER (WHERE "isSample"), sum(coalesce("promptTokens", 0)), sum(coalesce("completionTokens", 0))
  FROM "exchange" GROUP BY 1, 2, 3;
