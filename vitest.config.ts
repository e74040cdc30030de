import path from "node:path";
import { defineConfig } from "vitest/config";

// Unit tests: pure modules, no database. Integration tests: the real PostgreSQL (a throwaway
// embedded server started by tests/integration-setup.ts, or TEST_DATABASE_URL), run one file at a
// time because they share it. Both refuse a stray `.only` everywhere, not only where CI is set.
// Timeouts are a guard against a hang, never a check: a unit test that renders a PDF or runs
// bagit-python took 6 s with the bench busy on both cores, so the unit bound is a minute too.
const alias = {
  "@": path.resolve(import.meta.dirname),
  // Next's build guard; outside Next the module would throw on import.
  "server-only": path.resolve(import.meta.dirname, "tests/empty-module.ts"),
};

export default defineConfig({
  resolve: { alias },
  test: {
    projects: [
      {
        resolve: { alias },
        test: { name: "unit", allowOnly: false, testTimeout: 60_000, include: ["lib/**/*.test.ts", "components/**/*.test.ts", "scripts/**/*.test.ts"], exclude: ["**/*.int.test.ts", "node_modules/**"], environment: "node" },
      },
      {
        resolve: { alias },
        test: {
          name: "integration",
          allowOnly: false,
          include: ["lib/**/*.int.test.ts", "tests/**/*.int.test.ts"],
          globalSetup: ["tests/integration-global.ts"],
          setupFiles: ["tests/integration-setup.ts"],
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 120_000,
          environment: "node",
        },
      },
    ],
  },
});
