-- The exchange table, partitioned by case (LIST on "caseId"). A case's first import loads its
-- exchanges into a table of their own, builds that table's indexes after the load and attaches it
-- (lib/ingest); rows that arrive any other way land in the DEFAULT partition. Prisma cannot
-- describe partitioning: schema.prisma says the rest (the composite key, the composite foreign
-- keys), and tests/migrations.int.test.ts compares the two with partitions set aside.
--
-- A partitioned table's keys must include its partition key, so the primary key is
-- ("caseId", id) and every foreign key to an exchange names its case too; the database then also
-- refuses a link from one case's annotation, flag, triage, family or draw to another case's exchange.

-- The links to exchanges, dropped while the table is rebuilt.
ALTER TABLE "annotation" DROP CONSTRAINT "annotation_exchangeId_fkey";
ALTER TABLE "template_family_member" DROP CONSTRAINT "template_family_member_exchangeId_fkey";
ALTER TABLE "rule_flag" DROP CONSTRAINT "rule_flag_exchangeId_fkey";
ALTER TABLE "sample_triage" DROP CONSTRAINT "sample_triage_exchangeId_fkey";
ALTER TABLE "sample_draw_item" DROP CONSTRAINT "sample_draw_item_exchangeId_fkey";

-- Family members and draw items learn their case from their family and draw.
ALTER TABLE "template_family_member" ADD COLUMN "caseId" TEXT;
UPDATE "template_family_member" m SET "caseId" = f."caseId" FROM "template_family" f WHERE f."id" = m."familyId";
ALTER TABLE "template_family_member" ALTER COLUMN "caseId" SET NOT NULL;
ALTER TABLE "sample_draw_item" ADD COLUMN "caseId" TEXT;
UPDATE "sample_draw_item" i SET "caseId" = d."caseId" FROM "sample_draw" d WHERE d."id" = i."drawId";
ALTER TABLE "sample_draw_item" ALTER COLUMN "caseId" SET NOT NULL;

-- The old table steps aside under another name, its keys and indexes renamed out of the way.
ALTER TABLE "exchange" RENAME TO "exchange_before_partitioning";
ALTER TABLE "exchange_before_partitioning" RENAME CONSTRAINT "exchange_pkey" TO "exchange_before_partitioning_pkey";
ALTER TABLE "exchange_before_partitioning" RENAME CONSTRAINT "exchange_caseId_fkey" TO "exchange_before_partitioning_caseId_fkey";
ALTER TABLE "exchange_before_partitioning" RENAME CONSTRAINT "exchange_accountId_fkey" TO "exchange_before_partitioning_accountId_fkey";
ALTER INDEX "exchange_caseId_ts_id_idx" RENAME TO "exchange_before_partitioning_caseId_ts_id_idx";
ALTER INDEX "exchange_accountId_ts_id_idx" RENAME TO "exchange_before_partitioning_accountId_ts_id_idx";
ALTER INDEX "exchange_caseId_isSample_ts_idx" RENAME TO "exchange_before_partitioning_caseId_isSample_ts_idx";
ALTER INDEX "exchange_caseId_externalId_key" RENAME TO "exchange_before_partitioning_caseId_externalId_key";
-- PostgreSQL 18 names NOT NULL constraints after the table (exchange_ts_not_null): out of the way too.
DO $$
DECLARE c record;
BEGIN
  FOR c IN SELECT conname FROM pg_constraint WHERE conrelid = '"exchange_before_partitioning"'::regclass AND contype = 'n' LOOP
    EXECUTE format('ALTER TABLE "exchange_before_partitioning" RENAME CONSTRAINT %I TO %I', c.conname, 'before_partitioning_' || c.conname);
  END LOOP;
END $$;

CREATE TABLE "exchange" (
    "id" BIGINT NOT NULL DEFAULT nextval('exchange_id_seq'::regclass),
    "caseId" TEXT NOT NULL,
    "accountId" BIGINT NOT NULL,
    "externalId" TEXT NOT NULL,
    "ts" TIMESTAMP(3) NOT NULL,
    "model" TEXT NOT NULL,
    "promptTokens" INTEGER,
    "completionTokens" INTEGER,
    "prompt" TEXT,
    "response" TEXT,
    "promptSha256" TEXT,
    "requestIp" TEXT,
    "userAgent" TEXT,
    "metadata" JSONB,
    "isSample" BOOLEAN NOT NULL DEFAULT false,
    "importId" TEXT,
    "attributes" JSONB,

    CONSTRAINT "exchange_pkey" PRIMARY KEY ("caseId", "id")
) PARTITION BY LIST ("caseId");
ALTER SEQUENCE "exchange_id_seq" OWNED BY "exchange"."id";

CREATE INDEX "exchange_caseId_ts_id_idx" ON "exchange"("caseId", "ts", "id");
CREATE INDEX "exchange_accountId_ts_id_idx" ON "exchange"("accountId", "ts", "id");
CREATE INDEX "exchange_caseId_isSample_ts_idx" ON "exchange"("caseId", "isSample", "ts");
CREATE UNIQUE INDEX "exchange_caseId_externalId_key" ON "exchange"("caseId", "externalId");
CREATE INDEX "exchange_id_idx" ON "exchange"("id");
ALTER TABLE "exchange" ADD CONSTRAINT "exchange_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "case"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "exchange" ADD CONSTRAINT "exchange_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "account"("id") ON DELETE CASCADE ON UPDATE CASCADE;

CREATE TABLE "exchange_default" PARTITION OF "exchange" DEFAULT;

INSERT INTO "exchange" ("id", "caseId", "accountId", "externalId", "ts", "model", "promptTokens", "completionTokens", "prompt", "response",
    "promptSha256", "requestIp", "userAgent", "metadata", "isSample", "importId", "attributes")
  SELECT "id", "caseId", "accountId", "externalId", "ts", "model", "promptTokens", "completionTokens", "prompt", "response",
    "promptSha256", "requestIp", "userAgent", "metadata", "isSample", "importId", "attributes"
    FROM "exchange_before_partitioning";
DROP TABLE "exchange_before_partitioning";

-- CreateIndex
CREATE UNIQUE INDEX "sample_triage_caseId_exchangeId_key" ON "sample_triage"("caseId", "exchangeId");

-- The links to exchanges again, each with its case.
ALTER TABLE "annotation" ADD CONSTRAINT "annotation_caseId_exchangeId_fkey" FOREIGN KEY ("caseId", "exchangeId") REFERENCES "exchange"("caseId", "id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "template_family_member" ADD CONSTRAINT "template_family_member_caseId_exchangeId_fkey" FOREIGN KEY ("caseId", "exchangeId") REFERENCES "exchange"("caseId", "id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "rule_flag" ADD CONSTRAINT "rule_flag_caseId_exchangeId_fkey" FOREIGN KEY ("caseId", "exchangeId") REFERENCES "exchange"("caseId", "id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "sample_triage" ADD CONSTRAINT "sample_triage_caseId_exchangeId_fkey" FOREIGN KEY ("caseId", "exchangeId") REFERENCES "exchange"("caseId", "id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "sample_draw_item" ADD CONSTRAINT "sample_draw_item_caseId_exchangeId_fkey" FOREIGN KEY ("caseId", "exchangeId") REFERENCES "exchange"("caseId", "id") ON DELETE CASCADE ON UPDATE CASCADE;
