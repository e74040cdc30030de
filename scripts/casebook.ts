// The Casebook command line: npm run casebook -- <command>
//   user create --email E --name N --role analyst|reviewer|admin [--password P]
//   user disable --email E      user enable --email E
//   token create --email E --name N [--expires-in-days D | --no-expiry] | token list [--email E] | token revoke --prefix P
//   import --case REF --kind accounts|exchanges --as EMAIL FILE
//   audit verify | audit checkpoint
//   seed-demo                   (only into an empty database)
//   backup FILE | restore FILE [--force]
//   signing-key adopt           (this host's key becomes the installation's)
//   verify PACKAGE.zip|BAG_DIR [--key KEY.pem | --fingerprint HEX]   (no database)
// Uses DATABASE_URL, or the embedded database under .data/ (started for the command, then stopped).
import { parseArgs } from "node:util";
import type { TResult } from "../lib/action.ts";
import { AppError, describeFailure } from "../lib/errors.ts";
import { migrate } from "../lib/platform/migrate.ts";
import { resolveDatabase, type TDatabase } from "../lib/db/resolve.ts";

const USAGE = `usage: npm run casebook -- <command>
  user create --email E --name N --role analyst|reviewer|admin [--password P]
  user disable --email E
  user enable --email E
  token create --email E --name N [--expires-in-days D | --no-expiry]   (prints the token once; 90 days by default)
  token list [--email E]
  token revoke --prefix cb_xxxxxxxxxxxx
  import --case CB-2026-0001 --kind accounts|exchanges --as EMAIL FILE   (.csv, .jsonl, or .gz of either)
  audit verify        walks the hash chain and checks every signed checkpoint; exit 1 on any problem
  audit checkpoint    signs the audit head now and appends it to the checkpoint file
  seed-demo
  signing-key adopt   makes this host's signing key (CASEBOOK_SIGNING_KEY_PEM / _FILE, or its folder's)
                      the one every host must sign with, replacing the fingerprint the database records;
                      packages signed before still verify against the old public key, not the new one
  backup FILE         the database (one consistent snapshot), evidence files, signing key and audit
                      checkpoints, in one file (mode 0600: it holds the signing key)
  restore FILE [--force]
                      into an empty database and data folder; --force empties a non-empty one first
                      (superuser), moves a different key or checkpoint file aside, and loads a backup
                      of another migration list by column name. Exit 0 restored, 1 refused or failed.
  verify PACKAGE.zip|BAG_DIR [--key signing-key.pem | --fingerprint HEX]
      checks an evidence package offline (no database); without --key or --fingerprint it trusts
      the local Casebook signing key when there is one. Exit 0 intact and validly signed, 1 not.`;

// `verify` reads files only: it runs before, and instead of, anything that starts a database.
if (process.argv[2] === "verify") {
  const { verifyCommand } = await import("../lib/package/cli.ts");
  process.exit(await verifyCommand(process.argv.slice(3), USAGE));
}

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    email: { type: "string" },
    name: { type: "string" },
    role: { type: "string" },
    password: { type: "string" },
    prefix: { type: "string" },
    case: { type: "string" },
    kind: { type: "string" },
    as: { type: "string" },
    "expires-in-days": { type: "string" },
    "no-expiry": { type: "boolean" },
    force: { type: "boolean" },
  },
});
const cmd = ["import", "backup", "restore"].includes(positionals[0]) ? positionals[0] : positionals.join(" ");
if ((cmd === "backup" || cmd === "restore") && positionals.length !== 2) {
  console.error(`${cmd} takes one FILE\n${USAGE}`);
  process.exit(2);
}
const known = ["import", "backup", "restore", "user create", "user disable", "user enable", "token create", "token list", "token revoke", "audit verify", "audit checkpoint", "seed-demo", "signing-key adopt"];
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
  const { runAction } = await import("../lib/action.ts");
  const { cliActor } = await import("../lib/actors.ts");
  const { userIdForCli } = await import("../lib/users/cli.ts");
  // Every write is an action, as the CLI (the audit log names the OS user and host).
  const must = <R,>(r: TResult<R>): R => {
    if (r.ok) return r.data;
    throw new AppError("bad_input", r.error.message, r.error.details); // printed below, message and details
  };
  const userIdOf = async (email: string | undefined) => {
    const id = await userIdForCli(email ?? "");
    if (!id) throw new AppError("not_found", `No user has the email ${email || "(none given; use --email)"}.`);
    return id;
  };
  if (cmd === "user create") {
    const { createUserAction } = await import("../lib/users/mutations.ts");
    const u = must(await runAction(createUserAction, cliActor(), { email: values.email ?? "", name: values.name ?? "", role: values.role ?? "", password: values.password }));
    console.log(`created ${u.role} ${u.email}`);
    if (u.generatedPassword) console.log(`password: ${u.generatedPassword}   (shown once; ask them to keep it safe)`);
  } else if (cmd === "user disable" || cmd === "user enable") {
    const { setUserDisabledAction } = await import("../lib/users/mutations.ts");
    must(await runAction(setUserDisabledAction, cliActor(), { userId: await userIdOf(values.email), disabled: cmd === "user disable" }));
    console.log(`${cmd === "user disable" ? "disabled" : "enabled"} ${values.email}`);
  } else if (cmd.startsWith("token ")) {
    const { createTokenAction, revokeTokenAction } = await import("../lib/tokens/mutations.ts");
    if (cmd === "token create") {
      const expiresInDays = values["no-expiry"] ? null : values["expires-in-days"] ?? 90;
      const t = must(await runAction(createTokenAction, cliActor(), { ownerEmail: values.email ?? "", name: values.name ?? "", expiresInDays }));
      console.log(`token for ${t.owner}${t.expiresAt ? `, expires ${t.expiresAt}` : ", never expires"} (shown once; only its hash is kept):\n${t.token}`);
    } else if (cmd === "token list") {
      const { listTokensForCli } = await import("../lib/tokens/cli.ts");
      for (const t of await listTokensForCli(values.email)) {
        const state = t.revokedAt ? "REVOKED" : t.expiresAt && t.expiresAt < new Date() ? "EXPIRED" : "active";
        console.log([t.prefix, t.user.email, JSON.stringify(t.name), `created ${t.createdAt.toISOString()}`, t.expiresAt ? `expires ${t.expiresAt.toISOString()}` : "no expiry", t.lastUsedAt ? `used ${t.lastUsedAt.toISOString()}` : "never used", state].join("  "));
      }
    } else {
      must(await runAction(revokeTokenAction, cliActor(), { prefix: values.prefix ?? "" }));
      console.log(`revoked ${values.prefix}`);
    }
  } else if (cmd === "import") {
    const { importFromCli } = await import("../lib/ingest/cli.ts");
    code = await importFromCli({ caseRef: values.case ?? "", kind: values.kind ?? "", asEmail: values.as ?? process.env.CASEBOOK_USER ?? "", file: positionals[1] ?? "" });
  } else if (cmd === "audit verify") {
    const { verifyAuditLog } = await import("../lib/audit/verify.ts");
    const v = await verifyAuditLog();
    console.log(JSON.stringify(v, null, 2));
    const last = v.lastCheckpoint ? `last checkpoint: event ${v.lastCheckpoint.seq}, signed ${v.lastCheckpoint.at}` : "no checkpoint yet";
    console.error(`${v.ok ? "OK" : "NOT OK"}: ${v.events} events, head ${v.head?.seq ?? "(empty)"}; ${v.checkpoints} checkpoint(s) in ${v.checkpointFile}, ${last}`);
    for (const p of v.problems) console.error(`  ${p.kind}${p.seq ? ` at ${p.seq}` : ""}: ${p.message}`);
    for (const w of v.warnings) console.error(`  note: ${w}`);
    if (!v.ok) code = 1;
  } else if (cmd === "audit checkpoint") {
    const { checkpointFile, writeCheckpoint } = await import("../lib/audit/checkpoints.ts");
    const c = await writeCheckpoint("cli");
    console.log(c ? `signed event ${c.seq} (${c.hash}) at ${c.at} with key ${c.keyFingerprint}, appended to ${checkpointFile()}` : "the audit log is empty: nothing to sign");
  } else if (cmd === "backup" || cmd === "restore") {
    const path = await import("node:path");
    const { configuredBackupPaths } = await import("../lib/backup/paths.ts");
    const log = (m: string) => console.error(`[${cmd}] ${m}`);
    const file = path.resolve(positionals[1]);
    const mb = (n: number) => `${(n / 1024 ** 2).toFixed(1)} MB`;
    if (cmd === "backup") {
      const { writeBackup } = await import("../lib/backup/write.ts");
      const r = await writeBackup({ url: database.url, file, paths: configuredBackupPaths(), log });
      const evidence = r.objects
        ? `the list of ${r.objects.count} evidence files (${mb(r.objects.bytes)}) left in ${r.objects.location}${r.objects.problems ? `, ${r.objects.problems} of them NOT there as listed (see above)` : ""}`
        : `${r.blobs} evidence files (${mb(r.blobBytes)})`;
      console.log(`backed up ${r.tables} tables (${r.rows.toLocaleString("en")} rows) and ${evidence} to ${file}: ${mb(r.bytes)} in ${(r.ms / 1000).toFixed(1)} s`);
    } else {
      const { restoreBackup } = await import("../lib/backup/restore.ts");
      const r = await restoreBackup({ url: database.url, file, paths: configuredBackupPaths(), force: Boolean(values.force), log });
      console.log(`restored ${r.tables} tables (${r.rows.toLocaleString("en")} rows), ${r.blobs} evidence files (${mb(r.blobBytes)}), ${r.signingKey ? "the signing key" : "no signing key"}, ${r.checkpoints ? "the audit checkpoints" : "no checkpoint file"} from ${file} in ${(r.ms / 1000).toFixed(1)} s. Check it with: npm run casebook -- audit verify`);
    }
  } else if (cmd === "signing-key adopt") {
    const { loadOrCreateSigningKey } = await import("../lib/signing/key.ts");
    const { adoptSigningKeyAction } = await import("../lib/signing/identity.ts");
    const { hostName } = await import("../lib/env.ts");
    const k = await loadOrCreateSigningKey();
    const r = must(await runAction(adoptSigningKeyAction, cliActor(), { fingerprint: k.fingerprint, publicKeyPem: k.publicKeyPem, host: hostName() }));
    console.log(`every host now signs with key ${r.to}${r.from ? ` (was ${r.from}; hosts still holding that key will refuse to build until given this one)` : ""}`);
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
    const { disconnectDb } = await import("../lib/db.ts");
    await disconnectDb();
    await database.embedded?.stop();
  }
}
process.exit(code);
