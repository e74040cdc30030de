-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "UserRole" AS ENUM ('analyst', 'reviewer', 'admin');

-- CreateEnum
CREATE TYPE "CaseRole" AS ENUM ('analyst', 'reviewer', 'observer');

-- CreateEnum
CREATE TYPE "CaseStatus" AS ENUM ('open', 'in_review', 'approved', 'referred', 'closed');

-- CreateEnum
CREATE TYPE "Severity" AS ENUM ('low', 'medium', 'high', 'critical');

-- CreateEnum
CREATE TYPE "AccountStatus" AS ENUM ('active', 'suspended', 'banned');

-- CreateEnum
CREATE TYPE "ClusterOrigin" AS ENUM ('imported', 'suggested', 'analyst');

-- CreateEnum
CREATE TYPE "ClusterStatus" AS ENUM ('proposed', 'accepted', 'rejected');

-- CreateEnum
CREATE TYPE "ImportKind" AS ENUM ('accounts', 'exchanges');

-- CreateEnum
CREATE TYPE "JobStatus" AS ENUM ('queued', 'running', 'succeeded', 'failed');

-- CreateEnum
CREATE TYPE "ExportProfile" AS ENUM ('congressional', 'legal_referral');

-- CreateEnum
CREATE TYPE "ExportStatus" AS ENUM ('requested', 'changes_requested', 'approved', 'building', 'built', 'failed');

-- CreateTable
CREATE TABLE "app_user" (
    "id" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "passwordHash" TEXT,
    "role" "UserRole" NOT NULL,
    "disabled" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "lastLoginAt" TIMESTAMP(3),

    CONSTRAINT "app_user_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "case" (
    "id" TEXT NOT NULL,
    "ref" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "summary" TEXT NOT NULL DEFAULT '',
    "status" "CaseStatus" NOT NULL DEFAULT 'open',
    "severity" "Severity" NOT NULL DEFAULT 'medium',
    "suspectedActor" TEXT,
    "windowStart" TIMESTAMP(3),
    "windowEnd" TIMESTAMP(3),
    "leadId" TEXT NOT NULL,
    "createdById" TEXT NOT NULL,
    "submittedById" TEXT,
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "case_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "case_ref_counter" (
    "year" INTEGER NOT NULL,
    "last" INTEGER NOT NULL,

    CONSTRAINT "case_ref_counter_pkey" PRIMARY KEY ("year")
);

-- CreateTable
CREATE TABLE "case_member" (
    "caseId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "role" "CaseRole" NOT NULL,
    "addedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "case_member_pkey" PRIMARY KEY ("caseId","userId")
);

-- CreateTable
CREATE TABLE "cluster" (
    "id" TEXT NOT NULL,
    "caseId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "origin" "ClusterOrigin" NOT NULL,
    "status" "ClusterStatus" NOT NULL DEFAULT 'proposed',
    "notes" TEXT NOT NULL DEFAULT '',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "cluster_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "cluster_link" (
    "id" TEXT NOT NULL,
    "clusterId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "confidence" DOUBLE PRECISION NOT NULL,
    "accountCount" INTEGER NOT NULL,
    "evidence" JSONB NOT NULL DEFAULT '{}',

    CONSTRAINT "cluster_link_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "cluster_member" (
    "clusterId" TEXT NOT NULL,
    "accountId" BIGINT NOT NULL,

    CONSTRAINT "cluster_member_pkey" PRIMARY KEY ("clusterId","accountId")
);

-- CreateTable
CREATE TABLE "account" (
    "id" BIGSERIAL NOT NULL,
    "caseId" TEXT NOT NULL,
    "externalId" TEXT NOT NULL,
    "accountCreatedAt" TIMESTAMP(3) NOT NULL,
    "email" TEXT,
    "displayName" TEXT,
    "country" TEXT,
    "signupIp" TEXT,
    "asn" INTEGER,
    "paymentFingerprint" TEXT,
    "userAgent" TEXT,
    "organizationId" TEXT,
    "status" "AccountStatus" NOT NULL DEFAULT 'active',
    "attributes" JSONB NOT NULL DEFAULT '{}',
    "importId" TEXT,

    CONSTRAINT "account_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "exchange" (
    "id" BIGSERIAL NOT NULL,
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

    CONSTRAINT "exchange_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "capability" (
    "id" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "parentId" TEXT,
    "sortOrder" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "capability_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "annotation" (
    "id" TEXT NOT NULL,
    "caseId" TEXT NOT NULL,
    "exchangeId" BIGINT NOT NULL,
    "capabilityId" TEXT NOT NULL,
    "field" TEXT NOT NULL DEFAULT 'prompt',
    "spanStart" INTEGER,
    "spanEnd" INTEGER,
    "note" TEXT NOT NULL DEFAULT '',
    "createdById" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "annotation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "evidence_item" (
    "id" TEXT NOT NULL,
    "caseId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "originalName" TEXT NOT NULL,
    "mediaType" TEXT NOT NULL,
    "sizeBytes" BIGINT NOT NULL,
    "sha256" TEXT NOT NULL,
    "storageKey" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "acquiredById" TEXT NOT NULL,
    "acquiredAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "evidence_item_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "custody_event" (
    "id" TEXT NOT NULL,
    "evidenceItemId" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actorId" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "note" TEXT NOT NULL DEFAULT '',
    "sha256" TEXT NOT NULL,

    CONSTRAINT "custody_event_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "import_job" (
    "id" TEXT NOT NULL,
    "caseId" TEXT NOT NULL,
    "kind" "ImportKind" NOT NULL,
    "status" "JobStatus" NOT NULL DEFAULT 'queued',
    "via" TEXT NOT NULL,
    "fileName" TEXT NOT NULL,
    "sha256" TEXT NOT NULL,
    "sizeBytes" BIGINT NOT NULL,
    "evidenceItemId" TEXT,
    "rowsTotal" INTEGER,
    "rowsDone" INTEGER NOT NULL DEFAULT 0,
    "errorCount" INTEGER NOT NULL DEFAULT 0,
    "errors" JSONB NOT NULL DEFAULT '[]',
    "result" JSONB NOT NULL DEFAULT '{}',
    "createdById" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" TIMESTAMP(3),
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "import_job_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "export_package" (
    "id" TEXT NOT NULL,
    "caseId" TEXT NOT NULL,
    "profile" "ExportProfile" NOT NULL,
    "status" "ExportStatus" NOT NULL DEFAULT 'requested',
    "requestedById" TEXT NOT NULL,
    "approvedById" TEXT,
    "auditHeadSeq" BIGINT,
    "auditHeadHash" TEXT,
    "sha256" TEXT,
    "storageKey" TEXT,
    "comment" TEXT NOT NULL DEFAULT '',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "export_package_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "api_token" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastUsedAt" TIMESTAMP(3),
    "expiresAt" TIMESTAMP(3),
    "revokedAt" TIMESTAMP(3),

    CONSTRAINT "api_token_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "comment" (
    "id" TEXT NOT NULL,
    "caseId" TEXT NOT NULL,
    "authorId" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "comment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "audit_event" (
    "seq" BIGINT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,
    "actorId" TEXT,
    "actorLabel" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "caseId" TEXT,
    "entityType" TEXT NOT NULL,
    "entityId" TEXT NOT NULL,
    "data" JSONB NOT NULL,
    "prevHash" TEXT NOT NULL,
    "hash" TEXT NOT NULL,

    CONSTRAINT "audit_event_pkey" PRIMARY KEY ("seq")
);

-- CreateIndex
CREATE UNIQUE INDEX "app_user_email_key" ON "app_user"("email");

-- CreateIndex
CREATE UNIQUE INDEX "case_ref_key" ON "case"("ref");

-- CreateIndex
CREATE INDEX "case_status_idx" ON "case"("status");

-- CreateIndex
CREATE INDEX "case_updatedAt_idx" ON "case"("updatedAt");

-- CreateIndex
CREATE INDEX "case_member_userId_idx" ON "case_member"("userId");

-- CreateIndex
CREATE UNIQUE INDEX "cluster_caseId_name_key" ON "cluster"("caseId", "name");

-- CreateIndex
CREATE INDEX "cluster_link_clusterId_idx" ON "cluster_link"("clusterId");

-- CreateIndex
CREATE INDEX "cluster_member_accountId_idx" ON "cluster_member"("accountId");

-- CreateIndex
CREATE INDEX "account_caseId_accountCreatedAt_idx" ON "account"("caseId", "accountCreatedAt");

-- CreateIndex
CREATE INDEX "account_caseId_paymentFingerprint_idx" ON "account"("caseId", "paymentFingerprint");

-- CreateIndex
CREATE INDEX "account_caseId_asn_idx" ON "account"("caseId", "asn");

-- CreateIndex
CREATE UNIQUE INDEX "account_caseId_externalId_key" ON "account"("caseId", "externalId");

-- CreateIndex
CREATE INDEX "exchange_caseId_ts_id_idx" ON "exchange"("caseId", "ts", "id");

-- CreateIndex
CREATE INDEX "exchange_accountId_ts_id_idx" ON "exchange"("accountId", "ts", "id");

-- CreateIndex
CREATE INDEX "exchange_caseId_isSample_ts_idx" ON "exchange"("caseId", "isSample", "ts");

-- CreateIndex
CREATE UNIQUE INDEX "exchange_caseId_externalId_key" ON "exchange"("caseId", "externalId");

-- CreateIndex
CREATE UNIQUE INDEX "capability_key_key" ON "capability"("key");

-- CreateIndex
CREATE INDEX "annotation_caseId_capabilityId_idx" ON "annotation"("caseId", "capabilityId");

-- CreateIndex
CREATE INDEX "annotation_exchangeId_idx" ON "annotation"("exchangeId");

-- CreateIndex
CREATE UNIQUE INDEX "evidence_item_caseId_sha256_key" ON "evidence_item"("caseId", "sha256");

-- CreateIndex
CREATE INDEX "custody_event_evidenceItemId_at_idx" ON "custody_event"("evidenceItemId", "at");

-- CreateIndex
CREATE INDEX "import_job_caseId_createdAt_idx" ON "import_job"("caseId", "createdAt");

-- CreateIndex
CREATE INDEX "import_job_caseId_sha256_idx" ON "import_job"("caseId", "sha256");

-- CreateIndex
CREATE INDEX "export_package_caseId_idx" ON "export_package"("caseId");

-- CreateIndex
CREATE UNIQUE INDEX "api_token_tokenHash_key" ON "api_token"("tokenHash");

-- CreateIndex
CREATE INDEX "api_token_userId_idx" ON "api_token"("userId");

-- CreateIndex
CREATE INDEX "comment_caseId_createdAt_idx" ON "comment"("caseId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "audit_event_hash_key" ON "audit_event"("hash");

-- CreateIndex
CREATE INDEX "audit_event_caseId_seq_idx" ON "audit_event"("caseId", "seq");

-- AddForeignKey
ALTER TABLE "case" ADD CONSTRAINT "case_leadId_fkey" FOREIGN KEY ("leadId") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "case" ADD CONSTRAINT "case_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "case_member" ADD CONSTRAINT "case_member_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "case"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "case_member" ADD CONSTRAINT "case_member_userId_fkey" FOREIGN KEY ("userId") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "cluster" ADD CONSTRAINT "cluster_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "case"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "cluster_link" ADD CONSTRAINT "cluster_link_clusterId_fkey" FOREIGN KEY ("clusterId") REFERENCES "cluster"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "cluster_member" ADD CONSTRAINT "cluster_member_clusterId_fkey" FOREIGN KEY ("clusterId") REFERENCES "cluster"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "cluster_member" ADD CONSTRAINT "cluster_member_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "account"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "account" ADD CONSTRAINT "account_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "case"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "exchange" ADD CONSTRAINT "exchange_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "case"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "exchange" ADD CONSTRAINT "exchange_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "account"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "capability" ADD CONSTRAINT "capability_parentId_fkey" FOREIGN KEY ("parentId") REFERENCES "capability"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "annotation" ADD CONSTRAINT "annotation_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "case"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "annotation" ADD CONSTRAINT "annotation_exchangeId_fkey" FOREIGN KEY ("exchangeId") REFERENCES "exchange"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "annotation" ADD CONSTRAINT "annotation_capabilityId_fkey" FOREIGN KEY ("capabilityId") REFERENCES "capability"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "annotation" ADD CONSTRAINT "annotation_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "evidence_item" ADD CONSTRAINT "evidence_item_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "case"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "evidence_item" ADD CONSTRAINT "evidence_item_acquiredById_fkey" FOREIGN KEY ("acquiredById") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "custody_event" ADD CONSTRAINT "custody_event_evidenceItemId_fkey" FOREIGN KEY ("evidenceItemId") REFERENCES "evidence_item"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "custody_event" ADD CONSTRAINT "custody_event_actorId_fkey" FOREIGN KEY ("actorId") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "import_job" ADD CONSTRAINT "import_job_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "case"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "import_job" ADD CONSTRAINT "import_job_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "import_job" ADD CONSTRAINT "import_job_evidenceItemId_fkey" FOREIGN KEY ("evidenceItemId") REFERENCES "evidence_item"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "export_package" ADD CONSTRAINT "export_package_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "case"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "export_package" ADD CONSTRAINT "export_package_requestedById_fkey" FOREIGN KEY ("requestedById") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "export_package" ADD CONSTRAINT "export_package_approvedById_fkey" FOREIGN KEY ("approvedById") REFERENCES "app_user"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "api_token" ADD CONSTRAINT "api_token_userId_fkey" FOREIGN KEY ("userId") REFERENCES "app_user"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "comment" ADD CONSTRAINT "comment_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "case"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "comment" ADD CONSTRAINT "comment_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Hand-written: the audit log is append-only. Any UPDATE, DELETE or TRUNCATE is refused by the
-- database itself, whoever asks; lib/audit/chain.ts detects rows altered behind its back.
CREATE FUNCTION audit_event_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_event is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;

CREATE TRIGGER audit_event_no_update_delete
  BEFORE UPDATE OR DELETE ON "audit_event"
  FOR EACH ROW EXECUTE FUNCTION audit_event_refuse_change();

CREATE TRIGGER audit_event_no_truncate
  BEFORE TRUNCATE ON "audit_event"
  FOR EACH STATEMENT EXECUTE FUNCTION audit_event_refuse_change();
