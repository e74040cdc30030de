import path from "node:path";
import { inject } from "vitest";

process.env.DATABASE_URL = inject("databaseUrl");
// Only behind the pooler (CASEBOOK_TEST_PG=pgbouncer) is there a second URL; elsewhere the tests
// run as Casebook does with DATABASE_URL alone. Whether to name statements is left to Casebook to
// work out from the two URLs, whatever this shell has set.
if (inject("databaseDirectUrl")) process.env.DATABASE_DIRECT_URL = inject("databaseDirectUrl");
else delete process.env.DATABASE_DIRECT_URL;
delete process.env.CASEBOOK_PG_PREPARED_STATEMENTS;
process.env.CASEBOOK_DATA_DIR = inject("dataDir");
// Signed audit checkpoints go to the throwaway folder too, never into .data.
process.env.CASEBOOK_CHECKPOINT_FILE = path.join(inject("dataDir"), "audit-checkpoints.jsonl");
