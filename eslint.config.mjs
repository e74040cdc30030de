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
  // The write path itself, and the tests that prove it (they read and tamper with the database).
  { files: ["lib/action.ts", "tests/**"], rules: { "no-restricted-imports": "off" } },
  { ignores: [".next/**", "node_modules/**", "lib/generated/**", ".data/**", "test-results/**", "playwright-report/**", "next-env.d.ts"] },
];

export default config;
