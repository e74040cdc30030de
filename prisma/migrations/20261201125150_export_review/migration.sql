-- CreateEnum
CREATE TYPE "FindingSection" AS ENUM ('summary', 'attribution', 'scale', 'capabilities', 'methodology', 'recommendations');

-- CreateEnum
CREATE TYPE "ExhibitKind" AS ENUM ('sample', 'cluster', 'figure', 'evidence', 'estimate');

-- CreateEnum
CREATE TYPE "RedactionKind" AS ENUM ('rule', 'manual');

-- AlterEnum
ALTER TYPE "ExportStatus" ADD VALUE 'voided';

-- AlterTable
ALTER TABLE "export_package" ADD COLUMN     "approvedAt" TIMESTAMP(3),
ADD COLUMN     "batesFirst" TEXT,
ADD COLUMN     "batesLast" TEXT,
ADD COLUMN     "builtAt" TIMESTAMP(3),
ADD COLUMN     "contentHash" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "error" TEXT,
ADD COLUMN     "pageCount" INTEGER,
ADD COLUMN     "progress" JSONB NOT NULL DEFAULT '{}',
ADD COLUMN     "sizeBytes" BIGINT,
ADD COLUMN     "voidReason" TEXT;

-- CreateTable
CREATE TABLE "export_review" (
    "id" TEXT NOT NULL,
    "exportId" TEXT NOT NULL,
    "authorId" TEXT NOT NULL,
    "verdict" TEXT NOT NULL,
    "target" TEXT NOT NULL DEFAULT '',
    "body" TEXT NOT NULL DEFAULT '',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "export_review_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "production" (
    "id" TEXT NOT NULL,
    "caseId" TEXT NOT NULL,
    "exportId" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "firstNo" INTEGER NOT NULL,
    "lastNo" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "production_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "finding" (
    "id" TEXT NOT NULL,
    "caseId" TEXT NOT NULL,
    "section" "FindingSection" NOT NULL,
    "body" TEXT NOT NULL DEFAULT '',
    "version" INTEGER NOT NULL DEFAULT 1,
    "updatedById" TEXT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "finding_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "exhibit" (
    "id" TEXT NOT NULL,
    "caseId" TEXT NOT NULL,
    "kind" "ExhibitKind" NOT NULL,
    "targetId" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "caption" TEXT NOT NULL DEFAULT '',
    "createdById" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "exhibit_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "redaction" (
    "id" TEXT NOT NULL,
    "caseId" TEXT NOT NULL,
    "kind" "RedactionKind" NOT NULL,
    "rule" TEXT,
    "exchangeId" BIGINT,
    "field" TEXT,
    "spanStart" INTEGER,
    "spanEnd" INTEGER,
    "reason" TEXT NOT NULL,
    "createdById" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "redaction_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "export_review_exportId_createdAt_idx" ON "export_review"("exportId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "production_exportId_key" ON "production"("exportId");

-- CreateIndex
CREATE UNIQUE INDEX "production_caseId_firstNo_key" ON "production"("caseId", "firstNo");

-- CreateIndex
CREATE UNIQUE INDEX "finding_caseId_section_key" ON "finding"("caseId", "section");

-- CreateIndex
CREATE INDEX "exhibit_caseId_position_idx" ON "exhibit"("caseId", "position");

-- CreateIndex
CREATE UNIQUE INDEX "exhibit_caseId_kind_targetId_key" ON "exhibit"("caseId", "kind", "targetId");

-- CreateIndex
CREATE INDEX "redaction_caseId_idx" ON "redaction"("caseId");

-- AddForeignKey
ALTER TABLE "export_review" ADD CONSTRAINT "export_review_exportId_fkey" FOREIGN KEY ("exportId") REFERENCES "export_package"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "export_review" ADD CONSTRAINT "export_review_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "production" ADD CONSTRAINT "production_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "case"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "production" ADD CONSTRAINT "production_exportId_fkey" FOREIGN KEY ("exportId") REFERENCES "export_package"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "finding" ADD CONSTRAINT "finding_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "case"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "finding" ADD CONSTRAINT "finding_updatedById_fkey" FOREIGN KEY ("updatedById") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "exhibit" ADD CONSTRAINT "exhibit_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "case"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "exhibit" ADD CONSTRAINT "exhibit_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "redaction" ADD CONSTRAINT "redaction_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "case"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "redaction" ADD CONSTRAINT "redaction_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
