// Decides which PostgreSQL Casebook talks to: DATABASE_URL when set (nothing is started), else an
// embedded server whose data lives under the data folder. Also keeps the auth secret: generated
// once into the data folder when AUTH_SECRET is not given.
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { env, dataDir } from "../env";
import { runningEmbeddedUrl, startEmbeddedPostgres, type EmbeddedServer } from "../platform/embedded-postgres";

export type TDatabase = { url: string; embedded: EmbeddedServer | null };

export async function resolveDatabase(log: (m: string) => void): Promise<TDatabase> {
  const e = env();
  if (e.DATABASE_URL) {
    log(`using the PostgreSQL server in DATABASE_URL (${new URL(e.DATABASE_URL).host})`);
    return { url: e.DATABASE_URL, embedded: null };
  }
  // `npm start` already serves this data folder: share its server instead of starting another.
  const running = runningEmbeddedUrl(dataDir());
  if (running) {
    log("using the embedded PostgreSQL of the Casebook already running on this data folder");
    return { url: running, embedded: null };
  }
  const server = await startEmbeddedPostgres({ dataDir: dataDir(), port: e.CASEBOOK_PG_PORT, log: (m) => log(`[postgres] ${m}`) });
  log(`embedded PostgreSQL running on 127.0.0.1:${server.port}, data in ${server.cluster}`);
  return { url: server.url, embedded: server };
}

export function resolveAuthSecret(): string {
  const given = env().AUTH_SECRET;
  if (given) return given;
  mkdirSync(dataDir(), { recursive: true });
  const file = path.join(dataDir(), "auth-secret");
  if (!existsSync(file)) writeFileSync(file, randomBytes(32).toString("base64url"), { mode: 0o600 });
  return readFileSync(file, "utf8").trim();
}
