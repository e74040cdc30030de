-- AlterTable
ALTER TABLE "account" ALTER COLUMN "asn" SET DATA TYPE BIGINT;

-- AlterTable
ALTER TABLE "exchange" ADD COLUMN     "attributes" JSONB;

-- AlterTable
ALTER TABLE "import_job" ADD COLUMN     "attempts" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "bytesDone" BIGINT NOT NULL DEFAULT 0,
ADD COLUMN     "heartbeatAt" TIMESTAMP(3),
ADD COLUMN     "workerId" TEXT;

-- CreateIndex
CREATE INDEX "import_job_status_createdAt_idx" ON "import_job"("status", "createdAt");
