-- AlterEnum
ALTER TYPE "ExportStatus" ADD VALUE 'blocked';

-- AlterTable
ALTER TABLE "export_package" ADD COLUMN     "blockers" JSONB;
