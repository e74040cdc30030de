-- CreateEnum
CREATE TYPE "ShareStatus" AS ENUM ('requested', 'changes_requested', 'approved', 'voided');

-- CreateTable
CREATE TABLE "sharing_partner" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "contact" TEXT NOT NULL DEFAULT '',
    "keyCiphertext" TEXT NOT NULL,
    "keyFingerprint" TEXT NOT NULL,
    "createdById" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "sharing_partner_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "indicator_share" (
    "id" TEXT NOT NULL,
    "caseId" TEXT NOT NULL,
    "partnerId" UUID NOT NULL,
    "tlp" TEXT NOT NULL,
    "include" TEXT[],
    "status" "ShareStatus" NOT NULL DEFAULT 'requested',
    "requestedById" TEXT NOT NULL,
    "approvedById" TEXT,
    "approvedAt" TIMESTAMP(3),
    "auditHeadSeq" BIGINT,
    "auditHeadHash" TEXT,
    "reviewComment" TEXT NOT NULL DEFAULT '',
    "voidReason" TEXT,
    "bundle" TEXT NOT NULL,
    "bundleSha256" TEXT NOT NULL,
    "counts" JSONB NOT NULL,
    "objectCount" INTEGER NOT NULL,
    "validUntil" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "indicator_share_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "taxii_token" (
    "id" TEXT NOT NULL,
    "partnerId" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "createdById" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastUsedAt" TIMESTAMP(3),
    "revokedAt" TIMESTAMP(3),

    CONSTRAINT "taxii_token_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "peer_bundle" (
    "id" TEXT NOT NULL,
    "caseId" TEXT NOT NULL,
    "partnerId" UUID NOT NULL,
    "evidenceItemId" TEXT NOT NULL,
    "bundleId" TEXT NOT NULL,
    "lab" TEXT,
    "tlp" TEXT,
    "objectCount" INTEGER NOT NULL,
    "indicatorCount" INTEGER NOT NULL,
    "skipped" INTEGER NOT NULL DEFAULT 0,
    "campaign" JSONB,
    "importedById" TEXT NOT NULL,
    "importedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "peer_bundle_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "peer_indicator" (
    "id" TEXT NOT NULL,
    "peerBundleId" TEXT NOT NULL,
    "stixId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "keyed" BOOLEAN NOT NULL,
    "value" TEXT NOT NULL,
    "validFrom" TIMESTAMP(3) NOT NULL,
    "validUntil" TIMESTAMP(3),

    CONSTRAINT "peer_indicator_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "sharing_partner_name_key" ON "sharing_partner"("name");

-- CreateIndex
CREATE INDEX "indicator_share_caseId_idx" ON "indicator_share"("caseId");

-- CreateIndex
CREATE INDEX "indicator_share_partnerId_status_approvedAt_idx" ON "indicator_share"("partnerId", "status", "approvedAt");

-- CreateIndex
CREATE UNIQUE INDEX "taxii_token_tokenHash_key" ON "taxii_token"("tokenHash");

-- CreateIndex
CREATE INDEX "taxii_token_partnerId_idx" ON "taxii_token"("partnerId");

-- CreateIndex
CREATE UNIQUE INDEX "peer_bundle_evidenceItemId_key" ON "peer_bundle"("evidenceItemId");

-- CreateIndex
CREATE INDEX "peer_bundle_caseId_idx" ON "peer_bundle"("caseId");

-- CreateIndex
CREATE INDEX "peer_indicator_kind_value_idx" ON "peer_indicator"("kind", "value");

-- CreateIndex
CREATE UNIQUE INDEX "peer_indicator_peerBundleId_stixId_key" ON "peer_indicator"("peerBundleId", "stixId");

-- AddForeignKey
ALTER TABLE "sharing_partner" ADD CONSTRAINT "sharing_partner_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "indicator_share" ADD CONSTRAINT "indicator_share_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "case"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "indicator_share" ADD CONSTRAINT "indicator_share_partnerId_fkey" FOREIGN KEY ("partnerId") REFERENCES "sharing_partner"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "indicator_share" ADD CONSTRAINT "indicator_share_requestedById_fkey" FOREIGN KEY ("requestedById") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "indicator_share" ADD CONSTRAINT "indicator_share_approvedById_fkey" FOREIGN KEY ("approvedById") REFERENCES "app_user"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "taxii_token" ADD CONSTRAINT "taxii_token_partnerId_fkey" FOREIGN KEY ("partnerId") REFERENCES "sharing_partner"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "taxii_token" ADD CONSTRAINT "taxii_token_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "peer_bundle" ADD CONSTRAINT "peer_bundle_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "case"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "peer_bundle" ADD CONSTRAINT "peer_bundle_partnerId_fkey" FOREIGN KEY ("partnerId") REFERENCES "sharing_partner"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "peer_bundle" ADD CONSTRAINT "peer_bundle_evidenceItemId_fkey" FOREIGN KEY ("evidenceItemId") REFERENCES "evidence_item"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "peer_bundle" ADD CONSTRAINT "peer_bundle_importedById_fkey" FOREIGN KEY ("importedById") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "peer_indicator" ADD CONSTRAINT "peer_indicator_peerBundleId_fkey" FOREIGN KEY ("peerBundleId") REFERENCES "peer_bundle"("id") ON DELETE CASCADE ON UPDATE CASCADE;
