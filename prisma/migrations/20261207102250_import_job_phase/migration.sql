-- AlterTable
ALTER TABLE "import_job" ADD COLUMN     "phase" TEXT;
