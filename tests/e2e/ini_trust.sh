#!/bin/bash
# The INI reader never silently cuts or joins a value (issue 14 §5): each case of
# tests/cases/<case-name>/ is refused with the line and the cause, and nothing is written.
source "$(dirname "$0")/../e2e_lib.sh"
CASES=$ROOT/tests/cases
T=$E2E_TMP

# refused CASE MESSAGE: `yinfa run job.ini` exits 1 with MESSAGE and writes nothing.
refused() {
  local c=$1 want=$2
  if [ ! -f "$CASES/$c/job.ini" ]; then
    fail "$c: fixture $CASES/$c/job.ini is missing"
    return
  fi
  rm -rf "${T:?}/$c" && cp -r "$CASES/$c" "$T/$c"
  (cd "$T/$c" && "$YINFA" run job.ini) >/dev/null 2>"$T/err"
  local rc=$?
  check "$c: exit 1" test "$rc" -eq 1
  check "$c: the line and the cause" grep -qF -- "$want" "$T/err"
  check "$c: nothing written" test ! -e "$T/$c/out"
}

refused fail-ini-quoted-value-truncated 'job.ini:16: error: the value of title starts with a quoted part that ends before the value does ("市级入库名单的公示" follows)'
refused weak-ini-continuation-swallows-key 'job.ini:14: error: this line ends with \, which some INI readers take as "continues on line 15"'
refused weak-ini-continuation-long-message 'job.ini:16: error: this line ends with \, which some INI readers take as "continues on line 17"'

# The same title written with its quotes inside a quoted value is read whole.
if [ -d "$T/fail-ini-quoted-value-truncated" ]; then
  C=$T/fail-ini-quoted-value-truncated
  sed -i 's/^title = .*/title = "\\"关于许昌\\"市级入库名单的公示"/' "$C/job.ini"
  (cd "$C" && "$YINFA" run job.ini --quiet) 2>"$T/err"
  check "fail-ini-quoted-value-truncated: a fully quoted title runs" test -f "$C/out/notice.pdf"
  # pdftotext comes with `make deps`; without it this check fails.
  check "fail-ini-quoted-value-truncated: the whole title is printed" \
    bash -c "pdftotext '$C/out/notice.pdf' - | tr -d ' \n' | grep -q '\"关于许昌\"市级入库名单的公示'"
else
  fail "fail-ini-quoted-value-truncated: fixture missing"
fi

finish
