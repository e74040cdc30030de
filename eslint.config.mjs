import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

// Import boundaries that keep the architecture honest (see README, Architecture). ESLint replaces a
// rule's options for files several blocks match, so each block lists every pattern that applies.
const appendOnlyThroughActions = {
  group: ["**/audit/append", "**/audit/append.ts"],
  message: "Audit events are appended only by lib/action.ts: make the write an action (defineAction / defineBulkAction).",
};
const noDatabaseOutsideLib = {
  group: ["**/lib/db", "**/lib/db.ts"],
  importNames: ["db"],
  message: "Only lib/ talks to the database: call a query (lib/<domain>/queries.ts) or an action instead.",
};
const uiIsFeatureFree = {
  group: ["@/components/*", "!@/components/ui", "!@/components/ui/*", "../*"],
  message: "components/ui holds primitives every feature uses: it imports no feature folder. Move what both need into components/ui or lib/.",
};
const readsThroughReader = {
  group: ["**/lib/db", "**/lib/db.ts", "../db", "../db.ts"],
  importNames: ["db"],
  message: "Reads of case data go through reader(user) from lib/access.ts, which puts the access rule in every where.",
};
const restrict = (...patterns) => ({ "no-restricted-imports": ["error", { patterns }] });

// The single write path (README, Security model): in lib/, a Prisma write, a raw write statement
// or $executeRaw appears only inside an action's definition (defineAction / defineSystemAction /
// defineBulkAction), which runs it in one transaction with its audit event. Writes elsewhere are
// the exceptions named in WRITE_PATH_EXCEPTIONS, each with why it is not an audited action.
const INSIDE_AN_ACTION = "CallExpression[callee.name=/^define(System|Bulk)?Action$/] *";
const WRITE_METHOD = "/^(create|createMany|createManyAndReturn|update|updateMany|upsert|delete|deleteMany)$/";
const WRITE_SQL = "/\\b(INSERT\\s+INTO|UPDATE\\s+\\S+\\s+SET|DELETE\\s+FROM|TRUNCATE\\s)/";
const writeOutsideAction = (selector) => ({
  selector: `${selector}:not(${INSIDE_AN_ACTION})`,
  message: "A write outside an action: make it an action (lib/action.ts: one transaction, its audit event), or name the exception in WRITE_PATH_EXCEPTIONS (eslint.config.mjs) and say why.",
});
export const WRITE_PATH_RULE = [
  "error",
  writeOutsideAction(`CallExpression[callee.property.name=${WRITE_METHOD}][callee.object.type="MemberExpression"][callee.object.object.name="tx"]`),
  writeOutsideAction(`CallExpression[callee.property.name=${WRITE_METHOD}][callee.object.type="MemberExpression"][callee.object.object.callee.name="db"]`),
  writeOutsideAction("MemberExpression[property.name=/^\\$executeRaw(Unsafe)?$/]"),
  writeOutsideAction(`TemplateElement[value.raw=${WRITE_SQL}]`),
  writeOutsideAction(`Literal[value=${WRITE_SQL}]`),
];
/** Modules that write outside an action, each by name, with why. */
const WRITE_PATH_EXCEPTIONS = [
  // The write path's own parts: the appender, the job queue's state moves (each called inside an
  // action's transaction, or by the runner's audited follow()), the evidence and custody writer
  // (called by the import and export actions), the rollups (kept by the import action).
  "lib/audit/append.ts",
  "lib/jobs/queue.ts",
  "lib/analysis/run-context.ts",
  "lib/evidence/record.ts",
  "lib/ingest/rollups.ts",
  "lib/ingest/staging.ts",
  // A case's first exchanges: its partition loaded, indexed, attached and its rollups written in
  // the transaction the import.complete action commits with its audit event.
  "lib/ingest/partition.ts",
  // Edits that void approvals run inside the editing action's transaction, which records export.void.
  "lib/exports/approved-content.ts",
  // Bookkeeping that is not a change anyone made: job progress saved on each heartbeat (analysis,
  // import, export; their follow() moves run inside the runner's audited actions), an export's
  // build progress, a token's last use, the sign-in throttle's counters. Finishing an analysis run
  // (run-context.ts) runs inside its store action. Helpers of one action inside an action module say
  // so where they write (eslint-disable-next-line, with the reason).
  "lib/analysis/job.ts",
  "lib/ingest/import-job.ts",
  "lib/exports/job.ts",
  "lib/exports/assemble.ts",
  "lib/tokens/auth.ts",
  "lib/auth/throttle.ts",
  // Platform: the migrator's own table, backup's snapshot reads, the restore's bulk load (it records
  // itself as backup.restore), the database's session set-up.
  "lib/platform/migrate.ts",
  "lib/db.ts",
  "lib/backup/write.ts",
  "lib/backup/restore.ts",
];

const config = [
  ...nextVitals,
  ...nextTs,
  {
    rules: {
      // `const { dropped: _dropped, ...kept } = row` is how we omit a field.
      "@typescript-eslint/no-unused-vars": ["warn", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", ignoreRestSiblings: true }],
      ...restrict(appendOnlyThroughActions),
    },
  },
  { files: ["app/**", "components/**", "scripts/**", "e2e/**"], ignores: ["scripts/bench*.ts"], rules: restrict(appendOnlyThroughActions, noDatabaseOutsideLib) },
  { files: ["components/ui/**"], rules: restrict(appendOnlyThroughActions, noDatabaseOutsideLib, uiIsFeatureFree) },
  // Queries: the access rule cannot be forgotten (lib/access.ts).
  {
    files: ["lib/**/queries.ts", "lib/**/queries/*.ts"],
    rules: {
      ...restrict(appendOnlyThroughActions, readsThroughReader),
      "no-restricted-syntax": [
        "error",
        {
          selector: "MemberExpression[property.name=/^\\$(queryRaw|queryRawUnsafe|executeRaw|executeRawUnsafe)$/]",
          message: "Raw reads of case data go through reader(user).$inCase(caseId, build), which adds the access rule.",
        },
      ],
    },
  },
  { files: ["lib/**/*.ts"], ignores: ["lib/**/*.test.ts", "lib/**/queries.ts", "lib/**/queries/*.ts", ...WRITE_PATH_EXCEPTIONS], rules: { "no-restricted-syntax": WRITE_PATH_RULE } },
  // No function a newcomer has to scroll through: split along the headings its comments have.
  // Blank lines and comments count: a function is as long as it reads.
  { files: ["lib/**/*.{ts,tsx}", "app/**/*.{ts,tsx}", "components/**/*.{ts,tsx}"], ignores: ["**/*.test.ts", "lib/generated/**"], rules: { "max-lines-per-function": ["error", { max: 120, skipBlankLines: false, skipComments: false, IIFEs: true }] } },
  // The write path itself, and the tests that prove it (they read and tamper with the database).
  { files: ["lib/action.ts", "tests/**"], rules: { "no-restricted-imports": "off" } },
  { ignores: [".next/**", "node_modules/**", "lib/generated/**", ".data/**", "test-results/**", "playwright-report/**", "next-env.d.ts"] },
];

export default config;
