// `npm run casebook -- verify PACKAGE [--key KEY.pem | --fingerprint HEX]`: checks a package offline
// and prints each check. Exit 0 when intact and validly signed (by the trusted key, when one is
// known), 1 when not, 2 on a usage error. Never touches the database.
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { readLocalPublicKey, signingKeyDir } from "../signing/key";
import { verdict, type TVerifyOptions } from "./verify";
import { verifyPackageAt } from "./verify-dir";

const MARK = { pass: "ok  ", fail: "FAIL", warn: "WARN", skip: "--  " } as const;

export async function verifyCommand(argv: string[], usage: string): Promise<number> {
  let args;
  try {
    args = parseArgs({ args: argv, allowPositionals: true, options: { key: { type: "string" }, fingerprint: { type: "string" } } });
  } catch (e) {
    console.error(`error: ${(e as Error).message}\n${usage}`);
    return 2;
  }
  const { positionals, values } = args;
  if (positionals.length !== 1 || (values.key && values.fingerprint)) {
    console.error(positionals.length !== 1 ? `error: give one package (a .zip or an unzipped bag folder)\n${usage}` : `error: give --key or --fingerprint, not both\n${usage}`);
    return 2;
  }
  const opts: TVerifyOptions = {};
  let trustedFrom = "";
  try {
    if (values.key) {
      opts.trustedPublicKeyPem = readFileSync(values.key, "utf8");
      trustedFrom = `the key in ${values.key}`;
    } else if (values.fingerprint) {
      opts.trustedFingerprint = values.fingerprint;
      trustedFrom = "the fingerprint given";
    } else {
      const local = await readLocalPublicKey(signingKeyDir()).catch(() => null);
      if (local) {
        opts.trustedPublicKeyPem = local.publicKeyPem;
        trustedFrom = `this Casebook's signing key (${local.file})`;
      }
    }
  } catch (e) {
    console.error(`error: ${(e as Error).message}`);
    return 2;
  }

  let report;
  try {
    report = await verifyPackageAt(positionals[0], opts);
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    console.error(`error: ${err.code === "ENOENT" ? `${positionals[0]}: no such file or folder` : err.message}`);
    return 2;
  }
  console.log(`package: ${positionals[0]}${report.bag ? `  (bag ${report.bag})` : ""}`);
  console.log(`trusted key: ${trustedFrom || "none given and no local Casebook key: the signer cannot be confirmed"}`);
  for (const c of report.checks) console.log(`  ${MARK[c.status]}  ${c.label}: ${c.message}`);
  if (report.problems.length) {
    console.log(`problems (${report.problems.length}):`);
    for (const p of report.problems) console.log(`  - ${p.message}`);
  }
  if (report.infoFields.length) {
    console.log("bag-info.txt (as the package states it):");
    for (const [k, v] of report.infoFields) console.log(`  ${k}: ${v}`);
  }
  console.log(verdict(report));
  return report.ok ? 0 : 1;
}
