-- The generic job runner's queue (lib/jobs/runner.ts). Import jobs keep import_job as the status
-- record people see; the queue bookkeeping (worker, heartbeat, attempts) moves to job.

-- CreateTable
CREATE TABLE "job" (
    "id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "subjectId" TEXT NOT NULL,
    "caseId" TEXT,
    "status" "JobStatus" NOT NULL DEFAULT 'queued',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "maxAttempts" INTEGER NOT NULL DEFAULT 3,
    "workerId" TEXT,
    "heartbeatAt" TIMESTAMP(3),
    "lastError" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" TIMESTAMP(3),
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "job_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "job_status_createdAt_idx" ON "job"("status", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "job_kind_subjectId_key" ON "job"("kind", "subjectId");

-- Every existing import gets its queue row. One that was running when this migration ran had its
-- worker stopped for the upgrade: it goes back to the queue (imports commit all or nothing).
INSERT INTO "job" ("id", "kind", "subjectId", "caseId", "status", "attempts", "createdAt", "startedAt", "finishedAt")
SELECT gen_random_uuid()::text, 'import', "id", "caseId",
       CASE WHEN "status" = 'running' THEN 'queued'::"JobStatus" ELSE "status" END,
       "attempts", "createdAt", "startedAt", "finishedAt"
  FROM "import_job";
UPDATE "import_job" SET "status" = 'queued', "rowsDone" = 0, "bytesDone" = 0 WHERE "status" = 'running';

-- AlterTable
ALTER TABLE "import_job" DROP COLUMN "attempts",
DROP COLUMN "heartbeatAt",
DROP COLUMN "workerId";
