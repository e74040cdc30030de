import "dotenv/config";
import { defineConfig } from "prisma/config";

// Prisma 7 reads the datasource URL here. Only the CLI uses it (generate needs none); the app
// resolves its database in lib/env.ts / scripts/start.ts, embedded Postgres by default.
export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: { url: process.env.DATABASE_URL ?? "postgresql://localhost:5432/casebook" },
});
