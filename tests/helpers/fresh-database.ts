// Empty databases on the suite's PostgreSQL server, for restores: made on the server itself (past
// any pooler), and dropped, with force, by dropFreshDatabases() in the test file's afterAll.
import { randomUUID } from "node:crypto";
import pg from "pg";
import { inject } from "vitest";

const made: string[] = [];
const serverUrl = () => inject("databaseDirectUrl") || inject("databaseUrl");

async function onServer(sql: string) {
  const admin = new pg.Client({ connectionString: serverUrl() });
  await admin.connect();
  try {
    await admin.query(sql);
  } finally {
    await admin.end();
  }
}

/** A new, empty database's URL, on the server directly. */
export async function emptyDatabase(prefix = "restore"): Promise<string> {
  const name = `${prefix}_${randomUUID().replace(/-/g, "").slice(0, 12)}`;
  await onServer(`CREATE DATABASE ${name}`);
  made.push(name);
  const target = new URL(serverUrl());
  target.pathname = `/${name}`;
  return target.toString();
}

export async function dropFreshDatabases() {
  for (const name of made.splice(0)) await onServer(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
}
