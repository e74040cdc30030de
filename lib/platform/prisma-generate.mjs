// Runs `prisma generate` offline: the Prisma CLI insists on a schema-engine binary it would
// otherwise download, so point it at a stub that only answers --version.
import { spawnSync } from "node:child_process";
import { chmodSync, existsSync } from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..", "..");
const stub = path.join(import.meta.dirname, "prisma-engine-stub.sh");
if (!existsSync(path.join(root, "node_modules", "prisma"))) process.exit(0); // production install without dev deps
chmodSync(stub, 0o755);
const env = {
  ...process.env,
  PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? stub,
  PRISMA_HIDE_UPDATE_MESSAGE: "1",
  CHECKPOINT_DISABLE: "1",
};
const r = spawnSync("npx", ["--no-install", "prisma", "generate", ...process.argv.slice(2)], { cwd: root, env, stdio: "inherit" });
process.exit(r.status ?? 1);
