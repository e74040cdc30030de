-- DropForeignKey
ALTER TABLE "account_day_rollup" DROP CONSTRAINT "account_day_rollup_caseId_fkey";
