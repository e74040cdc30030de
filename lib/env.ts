// The one reader of process.env. Everything else asks this module.
import os from "node:os";
import path from "node:path";
import { z } from "zod";
import { StartupError } from "./errors";

const ZEnv = z.object({
  DATABASE_URL: z.string().url("DATABASE_URL must be a postgresql:// URL").optional(),
  AUTH_SECRET: z.string().min(16, "AUTH_SECRET must be at least 16 characters").optional(),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  CASEBOOK_DATA_DIR: z.string().default(".data"),
  CASEBOOK_PG_PORT: z.coerce.number().int().min(1).max(65535).default(54329),
  CASEBOOK_PG_FALLBACK_DIR: z.string().default("/var/lib/casebook"),
  CASEBOOK_SEED: z.enum(["auto", "always", "never"]).default("auto"),
  // A whole campaign in one file: the June 2026 disclosure's 28.8M exchanges are 4.8 GB of plain
  // JSONL metadata alone; its samples' prompts and responses add more.
  CASEBOOK_MAX_UPLOAD_BYTES: z.coerce.number().int().min(1).default(32 * 1024 ** 3),
  CASEBOOK_MAX_IMPORT_ROWS: z.coerce.number().int().min(1).default(100_000_000),
  CASEBOOK_MAX_DECOMPRESSED_BYTES: z.coerce.number().int().min(1).default(64 * 1024 ** 3),
  // Below 1 a genuine file could be refused: incompressible data grows a little when gzipped.
  CASEBOOK_MAX_GZIP_RATIO: z.coerce.number().min(1, "CASEBOOK_MAX_GZIP_RATIO must be at least 1").default(100),
  // Sort memory for the index builds of a case's first exchanges import (PostgreSQL's
  // maintenance_work_mem, set for that transaction only). PostgreSQL's own 64 MB built the six
  // indexes of 28.8M rows faster than 512 MB did in the same bench run (126 s against 170 s).
  CASEBOOK_IMPORT_MAINTENANCE_MEM: z.string().regex(/^\d+\s*(kB|MB|GB)$/, "CASEBOOK_IMPORT_MAINTENANCE_MEM is a size such as 64MB or 1GB").default("64MB"),
  // Parser threads of an exchanges import (lib/ingest/parse-pool.ts); 0 parses in the importer's own
  // thread. Default: one per core, at most 4.
  CASEBOOK_IMPORT_THREADS: z.coerce.number().int().min(0).max(32).optional(),
  CASEBOOK_JOB_STALE_MS: z.coerce.number().int().min(500).default(30_000),
  CASEBOOK_JOB_POLL_MS: z.coerce.number().int().min(100).default(5_000),
  // The lab's name in the STIX bundles it shares (the `identity` its partners see).
  CASEBOOK_LAB_NAME: z.string().trim().min(1).max(200).optional(),
  // Where the export signing key lives (outside the database); default <CASEBOOK_DATA_DIR>/signing.
  CASEBOOK_SIGNING_KEY_DIR: z.string().optional(),
  // The signed audit checkpoints, an append-only file outside the database; default
  // <CASEBOOK_DATA_DIR>/audit-checkpoints.jsonl. Back it up with the signing key.
  CASEBOOK_CHECKPOINT_FILE: z.string().optional(),
  // How often the worker signs the audit head when it has moved.
  CASEBOOK_CHECKPOINT_INTERVAL_MS: z.coerce.number().int().min(1000).default(10 * 60_000),
  // Where people reach Casebook (set by the start script when not given); its scheme informs the cookie rule.
  NEXTAUTH_URL: z.string().url("NEXTAUTH_URL must be a URL such as https://casebook.example").optional(),
  // Named (prepared) statements for the queries the app repeats (lib/db.ts). Turn off behind a
  // connection pooler that cannot keep them, such as PgBouncer before 1.21 in transaction mode.
  // Unset: on, unless DATABASE_DIRECT_URL names another server than DATABASE_URL (then DATABASE_URL
  // is taken to be a pooler; see preparedStatementsOn()).
  CASEBOOK_PG_PREPARED_STATEMENTS: z.enum(["true", "false", "1", "0"]).optional().transform((v) => (v === undefined ? undefined : v === "true" || v === "1")),
  // How many processes serve web requests under `npm start` (scripts/web-server.mjs); default one per core, at most 4.
  CASEBOOK_WEB_PROCESSES: z.coerce.number().int().min(1, "CASEBOOK_WEB_PROCESSES must be at least 1").max(64).optional(),
  // A second URL to the same database that reaches PostgreSQL itself, not a transaction-mode pooler:
  // what needs a session (the job runner's LISTEN, an import's session advisory lock, temporary
  // staging tables and COPY, migrations, backups) connects here. Default: DATABASE_URL.
  DATABASE_DIRECT_URL: z.string().url("DATABASE_DIRECT_URL must be a postgresql:// URL").optional(),
  // Which processes `npm start` runs on this host: the web server, the job worker, or both.
  CASEBOOK_ROLE: z.enum(["all", "web", "worker"]).default("all"),
  // This host's name in job worker ids and the audit log; default the OS host name.
  CASEBOOK_HOST_NAME: z.string().trim().min(1).max(200).regex(/^[^:\s]+$/, "CASEBOOK_HOST_NAME has no spaces or colons").optional(),
  // Evidence and packages in an S3-compatible object store instead of <data dir>/blobs: set the
  // bucket to turn it on. Credentials: these two, else the AWS SDK's own chain (AWS_* variables,
  // instance role). Path-style addressing for stores that need it (most self-hosted ones).
  CASEBOOK_S3_BUCKET: z.string().min(3).max(63).optional(),
  CASEBOOK_S3_ENDPOINT: z.string().url("CASEBOOK_S3_ENDPOINT must be a URL such as https://s3.eu-west-1.amazonaws.com").optional(),
  CASEBOOK_S3_REGION: z.string().min(1).default("us-east-1"),
  CASEBOOK_S3_ACCESS_KEY_ID: z.string().min(1).optional(),
  CASEBOOK_S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
  CASEBOOK_S3_FORCE_PATH_STYLE: z.enum(["true", "false", "1", "0"]).default("false").transform((v) => v === "true" || v === "1"),
  // A folder inside the bucket for this installation's objects (e.g. "casebook/"); default none.
  CASEBOOK_S3_PREFIX: z.string().regex(/^([A-Za-z0-9._-]+\/)*$/, "CASEBOOK_S3_PREFIX is a folder path ending in /, such as casebook/").default(""),
  // The export signing key from outside the host: a PKCS#8 PEM in a variable, or a mounted file.
  // With either set, no host ever makes its own key.
  CASEBOOK_SIGNING_KEY_PEM: z.string().min(1).optional(),
  CASEBOOK_SIGNING_KEY_FILE: z.string().min(1).optional(),
  // Where signed audit checkpoints go: the file (CASEBOOK_CHECKPOINT_FILE), or the object store
  // (one object per checkpoint, under Object Lock retention where the bucket has it on).
  CASEBOOK_CHECKPOINT_STORE: z.enum(["file", "s3"]).default("file"),
  CASEBOOK_CHECKPOINT_RETENTION_DAYS: z.coerce.number().int().min(1).max(36500).default(2557),
  // Bearer token for GET /metrics (Prometheus). Unset: /metrics answers 404.
  CASEBOOK_METRICS_TOKEN: z.string().min(16, "CASEBOOK_METRICS_TOKEN must be at least 16 characters").optional(),
  // Log lines: one JSON object each, or plain text. Unset: text on a terminal, JSON anywhere else.
  CASEBOOK_LOG_FORMAT: z.enum(["json", "text"]).optional(),
  // auto: Secure cookies unless this is local (an http://localhost URL); always; never (plain http on purpose).
  CASEBOOK_SECURE_COOKIES: z.enum(["auto", "always", "never"]).default("auto"),
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  // Optional single sign-on: all three of issuer, client id and secret, or none (checked below).
  CASEBOOK_OIDC_ISSUER: z.string().url("CASEBOOK_OIDC_ISSUER must be the provider's issuer URL, such as https://sso.example").optional(),
  CASEBOOK_OIDC_CLIENT_ID: z.string().min(1).optional(),
  CASEBOOK_OIDC_CLIENT_SECRET: z.string().min(1).optional(),
  CASEBOOK_OIDC_NAME: z.string().min(1).max(60).default("single sign-on"),
  // Off: only people an admin has added may sign in by SSO. On: an unknown verified email becomes a reviewer.
  CASEBOOK_OIDC_AUTO_PROVISION: z.enum(["true", "false", "1", "0"]).default("false").transform((v) => v === "true" || v === "1"),
});

const OIDC_KEYS = ["CASEBOOK_OIDC_ISSUER", "CASEBOOK_OIDC_CLIENT_ID", "CASEBOOK_OIDC_CLIENT_SECRET"] as const;

/** Half a single sign-on configuration is a mistake to stop at, not to start without SSO. */
const ZCheckedEnv = ZEnv.superRefine((e, ctx) => {
  if (Boolean(e.CASEBOOK_S3_ACCESS_KEY_ID) !== Boolean(e.CASEBOOK_S3_SECRET_ACCESS_KEY)) {
    const missing = e.CASEBOOK_S3_ACCESS_KEY_ID ? "CASEBOOK_S3_SECRET_ACCESS_KEY" : "CASEBOOK_S3_ACCESS_KEY_ID";
    ctx.addIssue({ code: "custom", path: [missing], message: `CASEBOOK_S3_ACCESS_KEY_ID and CASEBOOK_S3_SECRET_ACCESS_KEY go together: set both, or neither to use the AWS SDK's own credentials` });
  }
  if (e.CASEBOOK_CHECKPOINT_STORE === "s3" && !e.CASEBOOK_S3_BUCKET) {
    ctx.addIssue({ code: "custom", path: ["CASEBOOK_CHECKPOINT_STORE"], message: "s3 keeps the checkpoints in the object store: set CASEBOOK_S3_BUCKET (and its endpoint and credentials) too" });
  }
  if (e.CASEBOOK_SIGNING_KEY_PEM && e.CASEBOOK_SIGNING_KEY_FILE) {
    ctx.addIssue({ code: "custom", path: ["CASEBOOK_SIGNING_KEY_FILE"], message: "set CASEBOOK_SIGNING_KEY_PEM or CASEBOOK_SIGNING_KEY_FILE, not both: Casebook signs with one key" });
  }
  const given = OIDC_KEYS.filter((k) => e[k] !== undefined);
  if (given.length > 0 && given.length < OIDC_KEYS.length) {
    const missing = OIDC_KEYS.filter((k) => e[k] === undefined);
    ctx.addIssue({ code: "custom", path: [missing[0]!], message: `single sign-on needs ${OIDC_KEYS.join(", ")} together; ${given.join(", ")} set but ${missing.join(", ")} missing` });
  }
});

export type TEnv = z.infer<typeof ZEnv>;

let cached: TEnv | null = null;

export function env(): TEnv {
  if (cached) return cached;
  // An empty variable means "not set" (`DATABASE_URL= npm start` uses the embedded database).
  const given = Object.fromEntries(Object.entries(process.env).filter(([, v]) => v !== ""));
  cached = parseEnv(given);
  return cached;
}

/** Reads the variables afresh on next use (tests that change process.env). */
export function resetEnv(): void {
  cached = null;
}

/** Validates a set of variables (exported for tests; everything else calls env()). */
export function parseEnv(given: Record<string, string | undefined>): TEnv {
  const parsed = ZCheckedEnv.safeParse(given);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new StartupError(`Invalid environment:\n${lines.join("\n")}`);
  }
  return parsed.data;
}

/** This host's name: CASEBOOK_HOST_NAME, else the OS host name. */
export function hostName(): string {
  return env().CASEBOOK_HOST_NAME ?? os.hostname();
}

export function dataDir(): string {
  return path.resolve(env().CASEBOOK_DATA_DIR);
}

export function databaseUrl(): string {
  // Read afresh, not from the cache: the start script sets it after choosing the database.
  const url = ZEnv.shape.DATABASE_URL.parse(process.env.DATABASE_URL || undefined);
  if (!url) throw new Error("DATABASE_URL is not set. Start Casebook with `npm start`, which provides the embedded database.");
  return url;
}

/**
 * The URL for work that needs a PostgreSQL session of its own (LISTEN, session advisory locks,
 * temporary tables, COPY, migrations): DATABASE_DIRECT_URL when set, else DATABASE_URL.
 */
export function directDatabaseUrl(): string {
  const direct = ZEnv.shape.DATABASE_DIRECT_URL.parse(process.env.DATABASE_DIRECT_URL || undefined);
  return direct ?? databaseUrl();
}

/**
 * Named statements, unless told otherwise, or unless DATABASE_URL and DATABASE_DIRECT_URL reach
 * different servers: then DATABASE_URL is a pooler, and a transaction-mode pooler before
 * PgBouncer 1.21 cannot keep a named statement from one transaction to the next.
 */
export function preparedStatementsOn(): boolean {
  const told = env().CASEBOOK_PG_PREPARED_STATEMENTS;
  if (told !== undefined) return told;
  const direct = process.env.DATABASE_DIRECT_URL;
  if (!direct) return true;
  const a = new URL(databaseUrl());
  const b = new URL(direct);
  return a.host === b.host;
}

export type TOidcConfig = { issuer: string; clientId: string; clientSecret: string; name: string; autoProvision: boolean };

/** The single sign-on provider, or null when SSO is not configured. */
export function oidcConfig(): TOidcConfig | null {
  const e = env();
  if (!e.CASEBOOK_OIDC_ISSUER || !e.CASEBOOK_OIDC_CLIENT_ID || !e.CASEBOOK_OIDC_CLIENT_SECRET) return null;
  return {
    issuer: e.CASEBOOK_OIDC_ISSUER.replace(/\/+$/, ""),
    clientId: e.CASEBOOK_OIDC_CLIENT_ID,
    clientSecret: e.CASEBOOK_OIDC_CLIENT_SECRET,
    name: e.CASEBOOK_OIDC_NAME,
    autoProvision: e.CASEBOOK_OIDC_AUTO_PROVISION,
  };
}
