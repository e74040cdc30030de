-- Hand-written (Prisma cannot describe a partial index): /metrics counts the failed sign-ins of the
-- last 15 minutes at every scrape (lib/ops/snapshot.ts). Without this index that count reads the
-- whole audit log; with it, only the failures of the window. Small: one entry per failed sign-in.
CREATE INDEX "audit_event_sign_in_failed_at_idx" ON "audit_event" ("at") WHERE "action" = 'auth.signInFailed';
