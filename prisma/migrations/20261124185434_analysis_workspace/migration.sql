-- CreateEnum
CREATE TYPE "FlagStatus" AS ENUM ('pending', 'confirmed', 'rejected');

-- CreateEnum
CREATE TYPE "AnalysisKind" AS ENUM ('cluster_suggestion', 'template_families', 'rule_flags');

-- DropIndex
DROP INDEX "annotation_exchangeId_idx";

-- AlterTable
ALTER TABLE "cluster" ADD COLUMN     "confidence" DOUBLE PRECISION,
ADD COLUMN     "decidedAt" TIMESTAMP(3),
ADD COLUMN     "decidedById" TEXT,
ADD COLUMN     "memberKey" TEXT,
ADD COLUMN     "runId" TEXT;

-- AlterTable
ALTER TABLE "cluster_link" ADD COLUMN     "memberCount" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "weight" DOUBLE PRECISION NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "account" ADD COLUMN     "ipPrefix" TEXT;

-- AlterTable
ALTER TABLE "annotation" ADD COLUMN     "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;

-- CreateTable
CREATE TABLE "case_day_rollup" (
    "caseId" TEXT NOT NULL,
    "day" DATE NOT NULL,
    "accountsCreated" INTEGER NOT NULL DEFAULT 0,
    "activeAccounts" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "case_day_rollup_pkey" PRIMARY KEY ("caseId","day")
);

-- CreateTable
CREATE TABLE "account_day_rollup" (
    "accountId" BIGINT NOT NULL,
    "day" DATE NOT NULL,
    "caseId" TEXT NOT NULL,
    "exchanges" INTEGER NOT NULL,
    "promptTokens" BIGINT NOT NULL,
    "completionTokens" BIGINT NOT NULL,

    CONSTRAINT "account_day_rollup_pkey" PRIMARY KEY ("accountId","day")
);

-- CreateTable
CREATE TABLE "account_rollup" (
    "accountId" BIGINT NOT NULL,
    "caseId" TEXT NOT NULL,
    "exchanges" INTEGER NOT NULL,
    "firstSeen" TIMESTAMP(3) NOT NULL,
    "lastSeen" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "account_rollup_pkey" PRIMARY KEY ("accountId")
);

-- CreateTable
CREATE TABLE "account_link" (
    "id" BIGSERIAL NOT NULL,
    "caseId" TEXT NOT NULL,
    "clusterId" TEXT NOT NULL,
    "fromAccountId" BIGINT NOT NULL,
    "toAccountId" BIGINT NOT NULL,
    "kind" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "sharedBy" INTEGER NOT NULL,
    "weight" DOUBLE PRECISION NOT NULL,
    "confidence" DOUBLE PRECISION NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "account_link_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "analysis_run" (
    "id" TEXT NOT NULL,
    "caseId" TEXT NOT NULL,
    "kind" "AnalysisKind" NOT NULL,
    "status" "JobStatus" NOT NULL DEFAULT 'queued',
    "progress" JSONB NOT NULL DEFAULT '{}',
    "result" JSONB NOT NULL DEFAULT '{}',
    "error" TEXT,
    "requestedById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" TIMESTAMP(3),
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "analysis_run_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "template_family" (
    "id" TEXT NOT NULL,
    "caseId" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "representativeExchangeId" BIGINT NOT NULL,
    "samples" INTEGER NOT NULL,
    "accounts" INTEGER NOT NULL,
    "firstSeen" TIMESTAMP(3) NOT NULL,
    "lastSeen" TIMESTAMP(3) NOT NULL,
    "bandKeys" TEXT[],
    "runId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "template_family_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "template_family_member" (
    "familyId" TEXT NOT NULL,
    "exchangeId" BIGINT NOT NULL,

    CONSTRAINT "template_family_member_pkey" PRIMARY KEY ("familyId","exchangeId")
);

-- CreateTable
CREATE TABLE "rule_flag" (
    "id" TEXT NOT NULL,
    "caseId" TEXT NOT NULL,
    "exchangeId" BIGINT NOT NULL,
    "ruleId" TEXT NOT NULL,
    "ruleVersion" INTEGER NOT NULL,
    "field" TEXT NOT NULL,
    "spanStart" INTEGER NOT NULL,
    "spanEnd" INTEGER NOT NULL,
    "matched" TEXT NOT NULL,
    "status" "FlagStatus" NOT NULL DEFAULT 'pending',
    "decidedById" TEXT,
    "decidedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "rule_flag_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "sample_triage" (
    "exchangeId" BIGINT NOT NULL,
    "caseId" TEXT NOT NULL,
    "triagedById" TEXT NOT NULL,
    "triagedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "sample_triage_pkey" PRIMARY KEY ("exchangeId")
);

-- CreateTable
CREATE TABLE "sample_draw" (
    "id" TEXT NOT NULL,
    "caseId" TEXT NOT NULL,
    "seed" INTEGER NOT NULL,
    "k" INTEGER NOT NULL,
    "method" TEXT NOT NULL,
    "frame" JSONB NOT NULL,
    "frameSize" BIGINT NOT NULL,
    "createdById" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "sample_draw_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "sample_draw_item" (
    "drawId" TEXT NOT NULL,
    "rank" INTEGER NOT NULL,
    "exchangeId" BIGINT NOT NULL,

    CONSTRAINT "sample_draw_item_pkey" PRIMARY KEY ("drawId","rank")
);

-- CreateIndex
CREATE INDEX "account_day_rollup_caseId_day_idx" ON "account_day_rollup"("caseId", "day");

-- CreateIndex
CREATE INDEX "account_rollup_caseId_idx" ON "account_rollup"("caseId");

-- CreateIndex
CREATE INDEX "account_link_clusterId_toAccountId_idx" ON "account_link"("clusterId", "toAccountId");

-- CreateIndex
CREATE INDEX "account_link_clusterId_fromAccountId_idx" ON "account_link"("clusterId", "fromAccountId");

-- CreateIndex
CREATE INDEX "analysis_run_caseId_kind_createdAt_idx" ON "analysis_run"("caseId", "kind", "createdAt");

-- CreateIndex
CREATE INDEX "template_family_bandKeys_idx" ON "template_family" USING GIN ("bandKeys");

-- CreateIndex
CREATE UNIQUE INDEX "template_family_caseId_key_key" ON "template_family"("caseId", "key");

-- CreateIndex
CREATE INDEX "template_family_member_exchangeId_idx" ON "template_family_member"("exchangeId");

-- CreateIndex
CREATE INDEX "rule_flag_caseId_status_idx" ON "rule_flag"("caseId", "status");

-- CreateIndex
CREATE UNIQUE INDEX "rule_flag_exchangeId_ruleId_ruleVersion_field_spanStart_key" ON "rule_flag"("exchangeId", "ruleId", "ruleVersion", "field", "spanStart");

-- CreateIndex
CREATE INDEX "sample_triage_caseId_idx" ON "sample_triage"("caseId");

-- CreateIndex
CREATE INDEX "sample_draw_caseId_createdAt_idx" ON "sample_draw"("caseId", "createdAt");

-- CreateIndex
CREATE INDEX "sample_draw_item_exchangeId_idx" ON "sample_draw_item"("exchangeId");

-- CreateIndex
CREATE INDEX "account_paymentFingerprint_idx" ON "account"("paymentFingerprint");

-- CreateIndex
CREATE INDEX "account_organizationId_idx" ON "account"("organizationId");

-- CreateIndex
CREATE INDEX "account_ipPrefix_idx" ON "account"("ipPrefix");

-- CreateIndex
CREATE UNIQUE INDEX "annotation_exchangeId_capabilityId_key" ON "annotation"("exchangeId", "capabilityId");

-- AddForeignKey
ALTER TABLE "cluster" ADD CONSTRAINT "cluster_decidedById_fkey" FOREIGN KEY ("decidedById") REFERENCES "app_user"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "case_day_rollup" ADD CONSTRAINT "case_day_rollup_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "case"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "account_day_rollup" ADD CONSTRAINT "account_day_rollup_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "account"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "account_day_rollup" ADD CONSTRAINT "account_day_rollup_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "case"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "account_rollup" ADD CONSTRAINT "account_rollup_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "account"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "account_link" ADD CONSTRAINT "account_link_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "case"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "account_link" ADD CONSTRAINT "account_link_clusterId_fkey" FOREIGN KEY ("clusterId") REFERENCES "cluster"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "analysis_run" ADD CONSTRAINT "analysis_run_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "case"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "analysis_run" ADD CONSTRAINT "analysis_run_requestedById_fkey" FOREIGN KEY ("requestedById") REFERENCES "app_user"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "template_family" ADD CONSTRAINT "template_family_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "case"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "template_family_member" ADD CONSTRAINT "template_family_member_familyId_fkey" FOREIGN KEY ("familyId") REFERENCES "template_family"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "template_family_member" ADD CONSTRAINT "template_family_member_exchangeId_fkey" FOREIGN KEY ("exchangeId") REFERENCES "exchange"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "rule_flag" ADD CONSTRAINT "rule_flag_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "case"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "rule_flag" ADD CONSTRAINT "rule_flag_exchangeId_fkey" FOREIGN KEY ("exchangeId") REFERENCES "exchange"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "rule_flag" ADD CONSTRAINT "rule_flag_decidedById_fkey" FOREIGN KEY ("decidedById") REFERENCES "app_user"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "sample_triage" ADD CONSTRAINT "sample_triage_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "case"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "sample_triage" ADD CONSTRAINT "sample_triage_exchangeId_fkey" FOREIGN KEY ("exchangeId") REFERENCES "exchange"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "sample_triage" ADD CONSTRAINT "sample_triage_triagedById_fkey" FOREIGN KEY ("triagedById") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "sample_draw" ADD CONSTRAINT "sample_draw_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "case"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "sample_draw" ADD CONSTRAINT "sample_draw_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "sample_draw_item" ADD CONSTRAINT "sample_draw_item_drawId_fkey" FOREIGN KEY ("drawId") REFERENCES "sample_draw"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "sample_draw_item" ADD CONSTRAINT "sample_draw_item_exchangeId_fkey" FOREIGN KEY ("exchangeId") REFERENCES "exchange"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- The network an IP belongs to, as the linking signals and cross-case indicators compare it: /24 for
-- IPv4 (IPv4-mapped IPv6 counts as IPv4), /48 for IPv6. NULL for what inet cannot read (Node's
-- isIP, which the importer checks with, accepts zone ids such as fe80::1%eth0; inet does not).
CREATE FUNCTION casebook_ip_prefix(addr text) RETURNS text LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE ip inet;
BEGIN
  IF addr IS NULL THEN RETURN NULL; END IF;
  BEGIN
    ip := addr::inet;
  EXCEPTION WHEN others THEN
    RETURN NULL;
  END;
  IF family(ip) = 6 AND ip <<= '::ffff:0:0/96'::inet THEN
    ip := split_part(host(ip), ':', 4)::inet;
  END IF;
  RETURN network(set_masklen(ip, CASE WHEN family(ip) = 4 THEN 24 ELSE 48 END))::text;
EXCEPTION WHEN others THEN
  RETURN NULL;
END $$;

-- Fill the new columns and rollups from the rows already there; from now on the importer keeps them.
-- A pipeline label is the pipeline's own word: full weight, every member has it.
UPDATE "cluster_link" SET "weight" = 1, "memberCount" = "accountCount" WHERE "kind" = 'imported_label';

UPDATE "account" SET "ipPrefix" = casebook_ip_prefix("signupIp") WHERE "signupIp" IS NOT NULL;

INSERT INTO "account_day_rollup" ("accountId", "day", "caseId", "exchanges", "promptTokens", "completionTokens")
SELECT "accountId", ts::date, "caseId", count(*), sum(coalesce("promptTokens", 0)), sum(coalesce("completionTokens", 0))
  FROM "exchange" GROUP BY 1, 2, 3;

INSERT INTO "account_rollup" ("accountId", "caseId", "exchanges", "firstSeen", "lastSeen")
SELECT "accountId", "caseId", count(*), min(ts), max(ts) FROM "exchange" GROUP BY 1, 2;

INSERT INTO "case_day_rollup" ("caseId", "day", "accountsCreated", "activeAccounts")
SELECT "caseId", day, sum(created)::int, sum(active)::int FROM (
  SELECT "caseId", "accountCreatedAt"::date AS day, 1 AS created, 0 AS active FROM "account"
  UNION ALL
  SELECT "caseId", day, 0, 1 FROM "account_day_rollup"
) d GROUP BY 1, 2;
