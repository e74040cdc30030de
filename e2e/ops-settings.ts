// The metrics token the e2e server is started with (playwright.config.ts) and e2e/ops.spec.ts scrapes with.
export const E2E_METRICS_TOKEN = "casebook-e2e-metrics-token-not-secret";
/** How many web processes the e2e server runs (CASEBOOK_WEB_PROCESSES): more than one, so /metrics must gather them. */
export const E2E_WEB_PROCESSES = 2;
