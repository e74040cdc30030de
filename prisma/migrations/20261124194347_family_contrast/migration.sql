-- Families are derived data (the next grouping run makes them again): none to keep.
DELETE FROM "template_family";

-- AlterTable
ALTER TABLE "template_family" ADD COLUMN     "contrastExchangeId" BIGINT NOT NULL;
