-- DropIndex
DROP INDEX "account_caseId_accountCreatedAt_idx";

-- CreateIndex
CREATE INDEX "account_caseId_accountCreatedAt_id_idx" ON "account"("caseId", "accountCreatedAt", "id");
