// The Casebook command line: npm run casebook -- <command>
//   user create --email E --name N --role analyst|reviewer|admin [--password P]
//   user disable --email E      user enable --email E
//   token create --email E --name N | token list [--email E] | token revoke --prefix P
//   import --case REF --kind accounts|exchanges --as EMAIL FILE
//   audit verify
//   seed-demo                   (only into an empty database)
// Uses DATABASE_URL, or the embedded database under .data/ (started for the command, then stopped).
import { parseArgs } from "node:util";
import { AppError, describeFailure } from "../lib/errors.ts";
import { migrate } from "../lib/db/migrate.ts";
import { resolveDatabase, type TDatabase } from "../lib/db/resolve.ts";

const USAGE = `usage: npm run casebook -- <command>
  user create --email E --name N --role analyst|reviewer|admin [--password P]
  user disable --email E
  user enable --email E
  token create --email E --name N     (prints the token once)
  token list [--email E]
  token revoke --prefix cb_xxxxxxxxxxxx
  import --case CB-2026-0001 --kind accounts|exchanges --as EMAIL FILE   (.csv, .jsonl, or .gz of either)
  audit verify
  seed-demo`;

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { email: { type: "string" }, name: { type: "string" }, role: { type: "string" }, password: { type: "string" }, prefix: { type: "string" }, case: { type: "string" }, kind: { type: "string" }, as: { type: "string" } },
});
const cmd = positionals[0] === "import" ? "import" : positionals.join(" ");
const known = ["import", "user create", "user disable", "user enable", "token create", "token list", "token revoke", "audit verify", "seed-demo"];
if (!known.includes(cmd)) {
  console.error(USAGE);
  process.exit(2);
}

let database: TDatabase | null = null;
let code = 0;
try {
  database = await resolveDatabase((m) => console.error(`[casebook] ${m}`));
  process.env.DATABASE_URL = database.url;
  await migrate(database.url);
  const { createUserFromCli, generatePassword, setUserDisabledFromCli } = await import("../lib/users/system.ts");
  if (cmd === "user create") {
    const password = values.password ?? generatePassword();
    const u = await createUserFromCli({ email: values.email, name: values.name, role: values.role as "admin", password });
    console.log(`created ${u.role} ${u.email}`);
    if (!values.password) console.log(`password: ${password}   (shown once; ask them to keep it safe)`);
  } else if (cmd === "user disable" || cmd === "user enable") {
    const u = await setUserDisabledFromCli(values.email ?? "", cmd === "user disable");
    console.log(`${cmd === "user disable" ? "disabled" : "enabled"} ${u.email}`);
  } else if (cmd.startsWith("token ")) {
    const { createTokenFromCli, listTokensFromCli, revokeTokenFromCli } = await import("../lib/tokens/system.ts");
    if (cmd === "token create") {
      const t = await createTokenFromCli(values.email ?? "", values.name ?? "");
      console.log(`token for ${t.user} (shown once; only its hash is kept):\n${t.token}`);
    } else if (cmd === "token list") {
      for (const t of await listTokensFromCli(values.email)) {
        console.log([t.prefix, t.user.email, JSON.stringify(t.name), `created ${t.createdAt.toISOString()}`, t.lastUsedAt ? `used ${t.lastUsedAt.toISOString()}` : "never used", t.revokedAt ? "REVOKED" : "active"].join("  "));
      }
    } else {
      await revokeTokenFromCli(values.prefix ?? "");
      console.log(`revoked ${values.prefix}`);
    }
  } else if (cmd === "import") {
    const { importFromCli } = await import("../lib/ingest/cli.ts");
    code = await importFromCli({ caseRef: values.case ?? "", kind: values.kind ?? "", asEmail: values.as ?? process.env.CASEBOOK_USER ?? "", file: positionals[1] ?? "" });
  } else if (cmd === "audit verify") {
    const { verifyAuditLog } = await import("../lib/audit/verify.ts");
    const v = await verifyAuditLog();
    console.log(JSON.stringify(v, null, 2));
    if (!v.ok) code = 1;
  } else if (cmd === "seed-demo") {
    const { seedDemo } = await import("../lib/demo/seed.ts");
    console.log((await seedDemo()) ? "seeded the demo data" : "the database already has users: nothing seeded");
  }
} catch (e) {
  if (e instanceof AppError) {
    console.error(`error: ${e.message}`);
    for (const d of e.details) console.error(`  ${d.field ? `${d.field}: ` : ""}${d.message}`);
  } else console.error(`error: ${describeFailure(e)}`);
  code = 1;
} finally {
  if (database) {
    const { db } = await import("../lib/db.ts");
    await db().$disconnect();
    await database.embedded?.stop();
  }
}
process.exit(code);
