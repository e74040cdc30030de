// scripts/test-tools.sh, the first step of `npm test` and of CI, run with the tools hidden from
// PATH: it installs what is missing through apt-get (a stand-in here that records its arguments and
// puts the programs on PATH, as the real packages would), or stops with one paragraph that names
// each missing tool and the command that installs it.
import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";

const SCRIPT = path.resolve("scripts/test-tools.sh");
const TOOLS = ["pdftotext", "pdfinfo", "pdffonts", "qpdf", "python3", "openssl", "chromium", "pgbouncer", "postgres-15"];
const PACKAGES = "poppler-utils qpdf python3 openssl chromium pgbouncer postgresql-15";

function which(cmd: string): string {
  const r = spawnSync("bash", ["-c", `command -v ${cmd}`], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`${cmd} is not on this machine's PATH`);
  return r.stdout.trim();
}

/** A PATH holding only what the script itself needs (bash, node, coreutils), none of the tools. */
function bareBin(opts: { uid: number; aptGet?: "works" | "fails"; sudo?: boolean }) {
  const dir = mkdtempSync(path.join(os.tmpdir(), "test-tools-"));
  const bin = path.join(dir, "bin");
  spawnSync("mkdir", [bin]);
  // Where Debian's PostgreSQL 15 keeps its server (CASEBOOK_TEST_PG15_BIN below stands for /usr/lib/postgresql/15/bin).
  const pg15 = path.join(dir, "pg15");
  spawnSync("mkdir", [pg15]);
  for (const t of ["bash", "node", "mktemp", "tail", "rm", "env", "chmod"]) symlinkSync(which(t), path.join(bin, t));
  const script = (name: string, body: string) => {
    writeFileSync(path.join(bin, name), `#!${which("bash")}\n${body}\n`);
    chmodSync(path.join(bin, name), 0o755);
  };
  script("id", `echo ${opts.uid}`);
  const calls = path.join(dir, "apt-calls");
  if (opts.aptGet) {
    // Records each call; `install` puts every tool of the packages named on PATH, as Debian's would.
    script(
      "apt-get",
      [
        `echo "$*" >> ${calls}`,
        `[ "$1" = install ] || exit 0`,
        opts.aptGet === "fails" ? `echo "E: Unable to locate package chromium" >&2; exit 100` : "",
        `for p in "$@"; do case "$p" in`,
        `  poppler-utils) for t in pdftotext pdfinfo pdffonts; do printf '#!/bin/sh\\n' > ${bin}/$t; chmod +x ${bin}/$t; done;;`,
        `  qpdf|python3|openssl|chromium|pgbouncer) printf '#!/bin/sh\\n' > ${bin}/$p; chmod +x ${bin}/$p;;`,
        `  postgresql-15) printf '#!/bin/sh\\n' > ${pg15}/postgres; chmod +x ${pg15}/postgres;;`,
        `esac; done`,
      ].join("\n"),
    );
  }
  if (opts.sudo) script("sudo", `[ "$1" = -n ] && shift; [ "$1" = true ] && exit 0; exec "$@"`);
  return { bin, calls: () => (existsSync(calls) ? readFileSync(calls, "utf8").trim().split("\n") : []) };
}

/** Where a tool lands once installed: on PATH, or (PostgreSQL 15's server) in its own bin folder. */
const installedAt = (bin: string, tool: string) => (tool === "postgres-15" ? path.join(path.dirname(bin), "pg15", "postgres") : path.join(bin, tool));

function run(bin: string): { status: number | null; stdout: string; stderr: string } {
  // CHROMIUM_PATH, CASEBOOK_TEST_PGBOUNCER and CASEBOOK_TEST_PG15_BIN stand for Debian's
  // /usr/bin/chromium, /usr/sbin/pgbouncer and /usr/lib/postgresql/15/bin, which PATH cannot hide.
  const env = { PATH: bin, CHROMIUM_PATH: path.join(bin, "chromium"), CASEBOOK_TEST_PGBOUNCER: path.join(bin, "pgbouncer"), CASEBOOK_TEST_PG15_BIN: path.join(path.dirname(bin), "pg15"), HOME: os.tmpdir() };
  return spawnSync(path.join(bin, "bash"), [SCRIPT], { encoding: "utf8", env: env as unknown as NodeJS.ProcessEnv, cwd: path.resolve(".") });
}

describe("the test suite's tools (scripts/test-tools.sh)", () => {
  it("installs every missing tool through apt-get as root, saying what in one line", () => {
    const { bin, calls } = bareBin({ uid: 0, aptGet: "works" });
    const r = run(bin);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(r.stdout.trim().split("\n")).toEqual([`npm test: installing the Debian packages the tests need (${PACKAGES}) for ${TOOLS.join(" ")} …`]);
    expect(calls()).toEqual(["update -qq", `install -y -qq ${PACKAGES}`]);
    for (const t of TOOLS) expect(existsSync(installedAt(bin, t)), `${t} installed`).toBe(true);
    // Once everything is there, it does nothing and says nothing.
    const again = run(bin);
    expect([again.status, again.stdout, again.stderr]).toEqual([0, "", ""]);
    expect(calls()).toHaveLength(2);
  });

  it("uses sudo when it is not root and sudo needs no password", () => {
    const { bin, calls } = bareBin({ uid: 1000, aptGet: "works", sudo: true });
    const r = run(bin);
    expect(r.status, r.stderr).toBe(0);
    expect(calls()).toEqual(["update -qq", `install -y -qq ${PACKAGES}`]);
  });

  const paragraph = (out: string) => {
    const lines = out.split("\n").filter((l) => l.trim());
    expect(lines, "one paragraph").toHaveLength(1);
    for (const t of TOOLS) expect(lines[0]).toContain(t);
    expect(lines[0]).toContain(`sudo apt-get install -y ${PACKAGES}`);
    expect(lines[0]).not.toMatch(/\bat \S+:\d+|Error:/);
    return lines[0];
  };

  it("stops at once with one paragraph where there is no apt-get", () => {
    const { bin } = bareBin({ uid: 0 });
    const r = run(bin);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe("");
    expect(paragraph(r.stderr)).toContain("There is no apt-get here");
  });

  it("stops at once with one paragraph where it is not root and has no sudo", () => {
    const { bin, calls } = bareBin({ uid: 1000, aptGet: "works" });
    const r = run(bin);
    expect(r.status).toBe(1);
    expect(paragraph(r.stderr)).toContain("needs root");
    expect(calls()).toEqual([]);
  });

  it("says so, with apt-get's own words, when apt-get fails", () => {
    const { bin } = bareBin({ uid: 0, aptGet: "fails" });
    const r = run(bin);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("E: Unable to locate package chromium");
    expect(paragraph(r.stderr.slice(r.stderr.indexOf("E: Unable") + 40))).toContain("apt-get could not install them");
  });
});
