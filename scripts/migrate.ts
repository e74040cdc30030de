// npm run db:migrate: applies pending migrations to DATABASE_URL, or to the embedded database.
import { migrate } from "../lib/platform/migrate.ts";
import { resolveDatabase } from "../lib/db/resolve.ts";

const database = await resolveDatabase((m) => console.error(`[casebook] ${m}`));
try {
  const applied = await migrate(database.url, (m) => console.log(m));
  console.log(applied.length ? `applied ${applied.length} migration(s)` : "nothing to apply: the schema is up to date");
} finally {
  await database.embedded?.stop();
}
