import path from "node:path";
import { inject } from "vitest";

process.env.DATABASE_URL = inject("databaseUrl");
process.env.CASEBOOK_DATA_DIR = inject("dataDir");
// Signed audit checkpoints go to the throwaway folder too, never into .data.
process.env.CASEBOOK_CHECKPOINT_FILE = path.join(inject("dataDir"), "audit-checkpoints.jsonl");
