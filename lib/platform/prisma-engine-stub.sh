#!/bin/sh
# Stands in for Prisma's native schema engine, which the CLI would download at run time (no network
# here). `prisma generate` / `validate` only ask it for its version; migrations go through
# scripts/migrate.ts (lib/platform/migrate.ts) and the WASM engine (lib/platform/schema-engine.ts) instead (see README, "Migrations").
echo "schema-engine-cli 0edf323efd1d98336f3f0a68684b56f689b900d3"
