// /readyz: whether this web process can do its work: the database answers, every migration folder
// of this build is applied to it, and the object store can be reached. What fails is said by name
// only (database, migrations, storage); why is logged here, never answered (hosts, errors).
import "server-only";
import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { db } from "../db";
import type { PrismaClient } from "../generated/prisma/client";
import { blobStore } from "../storage/store";
import { logger } from "./logger";

export type TReadinessPart = "database" | "migrations" | "storage";
export type TReadiness = { ready: boolean; failing: TReadinessPart[]; reasons: Partial<Record<TReadinessPart, string>> };
export type TReadinessProbes = { appliedMigrations: () => Promise<string[]>; storage: () => Promise<void> };

/** A probe that has not answered by then has failed: a load balancer waits for no one. */
export const PROBE_TIMEOUT_MS = 3_000;

// From the working directory, as the app always runs from the repository root: Next bundles this
// module, so its own location says nothing of where prisma/ is (and lib/platform/migrate.ts, which
// finds the folder from its own, cannot load in the bundle).
const MIGRATIONS_DIR = path.join(process.cwd(), "prisma", "migrations");

let expected: string[] | null = null;
/**
 * The migrations this build expects, read once a process (they do not change under a running
 * build): each folder holding a migration.sql, as lib/platform/migrate.ts applies them.
 */
export function expectedMigrations(): string[] {
  return (expected ??= existsSync(MIGRATIONS_DIR)
    ? readdirSync(MIGRATIONS_DIR, { withFileTypes: true })
        .filter((d) => d.isDirectory() && existsSync(path.join(MIGRATIONS_DIR, d.name, "migration.sql")))
        .map((d) => d.name)
        .sort()
    : []);
}

/** The migrations the database has applied, as lib/platform/migrate.ts records them. Throws when the database cannot be reached. */
export async function appliedMigrations(client: Pick<PrismaClient, "$queryRaw"> = db()): Promise<string[]> {
  const rows = await client.$queryRaw<{ name: string }[]>`SELECT migration_name AS name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`;
  return rows.map((r) => r.name);
}

/** The real probes. The store is asked for afresh each time, so whichever store blobStore() gives now is the one probed. */
export const defaultProbes = (): TReadinessProbes => ({ appliedMigrations: () => appliedMigrations(), storage: () => blobStore().probe() });

function within<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms)));
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}

const why = (e: unknown) => (e instanceof Error ? e.message : String(e)).slice(0, 500);

/** Runs the probes side by side; a database that answers with migrations missing is "migrations", not "database". */
export async function readiness(probes: TReadinessProbes = defaultProbes(), expectedNames: string[] = expectedMigrations(), timeoutMs = PROBE_TIMEOUT_MS): Promise<TReadiness> {
  const [applied, storage] = await Promise.allSettled([within(probes.appliedMigrations(), timeoutMs), within(probes.storage(), timeoutMs)]);
  const reasons: TReadiness["reasons"] = {};
  if (applied.status === "rejected") reasons.database = why(applied.reason);
  else {
    const have = new Set(applied.value);
    const missing = expectedNames.filter((n) => !have.has(n));
    if (missing.length) reasons.migrations = `${missing.length} not applied: ${missing.slice(0, 5).join(", ")}${missing.length > 5 ? ", …" : ""}`;
  }
  if (storage.status === "rejected") reasons.storage = why(storage.reason);
  const failing = (["database", "migrations", "storage"] as const).filter((p) => reasons[p] !== undefined);
  return { ready: failing.length === 0, failing, reasons };
}

let running: Promise<TReadiness> | null = null;
let last: { at: number; result: TReadiness } | null = null;

/**
 * Readiness for /readyz, which anyone may call: one round of probes at a time per process, and its
 * answer reused for `maxAgeMs`, so a flood of requests costs the database and the object store
 * one probe a second. A round that finds something failing logs why.
 */
export async function currentReadiness(maxAgeMs = 1_000): Promise<TReadiness> {
  if (last && Date.now() - last.at < maxAgeMs) return last.result;
  running ??= readiness()
    .then((result) => {
      last = { at: Date.now(), result };
      if (!result.ready) logger("readyz").warn("not ready", { failing: result.failing.join(","), ...result.reasons });
      return result;
    })
    .finally(() => (running = null));
  return running;
}
