#!/usr/bin/env bash
# The programs the test suite runs besides Node: poppler's pdftotext, pdfinfo and pdffonts and qpdf
# read the built packages as a recipient would, python3 runs the Library of Congress BagIt
# validator, openssl checks the package signature, the end-to-end step drives a Chromium, and the
# integration suite runs once more behind PgBouncer and once on PostgreSQL 15 (the lowest Casebook
# supports; tests/integration-global.ts).
# `npm test` and `.ci/run` both start here, so the two cannot drift: missing Debian packages are
# installed (as root, or with sudo that needs no password), the way `npx playwright install
# --with-deps` does; where that cannot be done, this stops at once with one paragraph naming each
# missing tool and the command that installs it.
set -uo pipefail

# tool → the Debian package that ships it
declare -A PACKAGE_OF=(
  [pdftotext]=poppler-utils [pdfinfo]=poppler-utils [pdffonts]=poppler-utils
  [qpdf]=qpdf [python3]=python3 [openssl]=openssl
)
TOOLS=(pdftotext pdfinfo pdffonts qpdf python3 openssl)

# The Chromium e2e/chromium.ts launches: CHROMIUM_PATH, else Debian's /usr/bin/chromium, else
# Playwright's own download (`npx playwright install chromium`), where one is present.
have_chromium() {
  if [ -n "${CHROMIUM_PATH:-}" ]; then [ -x "$CHROMIUM_PATH" ]; return; fi
  [ -x /usr/bin/chromium ] && return 0
  local own
  own=$(node -e 'try { const p = require("playwright-core").chromium.executablePath(); process.stdout.write(require("node:fs").existsSync(p) ? p : "") } catch {}' 2>/dev/null)
  [ -n "$own" ]
}

# Servers, not on PATH: found where Debian puts them, or where these variables say (the same ones
# tests/integration-global.ts reads).
PGBOUNCER="${CASEBOOK_TEST_PGBOUNCER:-/usr/sbin/pgbouncer}"
PG15_BIN="${CASEBOOK_TEST_PG15_BIN:-/usr/lib/postgresql/15/bin}"

missing() {
  MISSING_TOOLS=()
  MISSING_PACKAGES=()
  local t
  for t in "${TOOLS[@]}"; do
    if ! command -v "$t" >/dev/null 2>&1; then
      MISSING_TOOLS+=("$t")
      [[ " ${MISSING_PACKAGES[*]} " == *" ${PACKAGE_OF[$t]} "* ]] || MISSING_PACKAGES+=("${PACKAGE_OF[$t]}")
    fi
  done
  if ! have_chromium; then
    MISSING_TOOLS+=(chromium)
    MISSING_PACKAGES+=(chromium)
  fi
  if [ ! -x "$PGBOUNCER" ]; then
    MISSING_TOOLS+=(pgbouncer)
    MISSING_PACKAGES+=(pgbouncer)
  fi
  if [ ! -x "$PG15_BIN/postgres" ]; then
    MISSING_TOOLS+=(postgres-15)
    MISSING_PACKAGES+=(postgresql-15)
  fi
}

explain() {
  local why="$1"
  local list
  list=$(printf '%s, ' "${MISSING_TOOLS[@]}")
  {
    echo
    echo "npm test needs programs this machine lacks: ${list%, }. $why" \
      "On Debian or Ubuntu, install them with: sudo apt-get install -y ${MISSING_PACKAGES[*]}" \
      "(then run npm test again). Elsewhere, install poppler (pdftotext, pdfinfo, pdffonts), qpdf, Python 3," \
      "OpenSSL, Chromium, PgBouncer and PostgreSQL 15 with your package manager, or point CHROMIUM_PATH at a" \
      "Chromium or Chrome (or run npx playwright install chromium), CASEBOOK_TEST_PGBOUNCER at pgbouncer and" \
      "CASEBOOK_TEST_PG15_BIN at the bin folder of PostgreSQL 15."
    echo
  } >&2
  exit 1
}

missing
[ ${#MISSING_TOOLS[@]} -eq 0 ] && exit 0

if ! command -v apt-get >/dev/null 2>&1; then
  explain "There is no apt-get here to install them with."
fi
if [ "$(id -u)" = "0" ]; then
  as_root=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true >/dev/null 2>&1; then
  as_root=(sudo -n)
else
  explain "Installing them needs root, and this user is not root and has no password-less sudo."
fi

echo "npm test: installing the Debian packages the tests need (${MISSING_PACKAGES[*]}) for ${MISSING_TOOLS[*]} …"
log=$(mktemp)
if ! { "${as_root[@]}" apt-get update -qq && "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${MISSING_PACKAGES[@]}"; } >"$log" 2>&1; then
  tail -n 20 "$log" >&2
  rm -f "$log"
  explain "apt-get could not install them (its last lines are above)."
fi
rm -f "$log"
missing
[ ${#MISSING_TOOLS[@]} -eq 0 ] || explain "apt-get ran, and they are still missing."
exit 0
