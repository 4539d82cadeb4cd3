# Sourced by end-to-end scripts: `check NAME COMMAND...` records a pass or a failure;
# `finish` prints "check: N passed, N failed" and sets the exit status.
# YINFA is the binary under test (build/yinfa unless YINFA_BUILD names another build folder).
cd "$(dirname "${BASH_SOURCE[0]}")/.." || exit 3
# Debian's python3 first: `make deps` installs the modules the checkers import (python3-docx, -pil,
# -fonttools, -lunardate) for /usr/bin/python3, and a python3 earlier in PATH (a pyenv shim) is
# another Python without them that also costs ~0.1 s of shell per call (program_fujian.sh: 30% of
# its CPU time).
export PATH="/usr/bin:/bin:$PATH"
ROOT=$PWD
YINFA="$ROOT/${YINFA_BUILD:-build}/yinfa"
E2E_PASSED=0
E2E_FAILED=0
E2E_TMP=$(mktemp -d /tmp/yinfa-e2e.XXXXXX)
trap 'rm -rf "$E2E_TMP"' EXIT

pass() { E2E_PASSED=$((E2E_PASSED + 1)); echo "ok   $1"; }
fail() { E2E_FAILED=$((E2E_FAILED + 1)); echo "FAIL $1${2:+: $2}"; }

# check NAME CMD...: passes when CMD exits 0.
check() {
  local name=$1; shift
  if "$@"; then pass "$name"; else fail "$name" "command failed: $*"; fi
}

finish() {
  echo "check: $E2E_PASSED passed, $E2E_FAILED failed"
  [ "$E2E_FAILED" -eq 0 ]
}
