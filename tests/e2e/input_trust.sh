#!/bin/bash
# What `run` refuses, `validate` reports first, with its line (issue 14 §4), and no text goes
# missing or prints raw (§5): folder-name values, look-alike counties, control characters,
# U+FFFD, messages without raw control characters. Inputs: tests/cases/<case-name>/.
source "$(dirname "$0")/../e2e_lib.sh"
CASES=$ROOT/tests/cases
T=$E2E_TMP

# refused CASE FILE EXPECTED-MESSAGE: validate and run both exit 1 with the message, and run
# writes nothing at all.
refused() {
  local c=$1 f=$2 want=$3
  if [ ! -f "$CASES/$c/$f" ]; then
    fail "$c: fixture $CASES/$c/$f is missing"
    return
  fi
  rm -rf "${T:?}/$c" && cp -r "$CASES/$c" "$T/$c"
  (cd "$T/$c" && "$YINFA" validate "$f") >/dev/null 2>"$T/v.err"
  local vrc=$?
  (cd "$T/$c" && "$YINFA" run job.ini --input "$f" --output out) >/dev/null 2>"$T/r.err"
  local rrc=$?
  check "$c ($f): validate exits 1" test "$vrc" -eq 1
  check "$c ($f): validate names the line" grep -qF -- "$want" "$T/v.err"
  check "$c ($f): run exits 1 with the same message" bash -c "[ $rrc -eq 1 ] && grep -qF -- '$want' '$T/r.err'"
  check "$c ($f): run wrote nothing" test ! -e "$T/$c/out"
}

refused fail-county-name-too-long in.xml 'in.xml:48: error: applicant XC-2022-002: county "魏魏'
check "fail-county-name-too-long: says the limit" grep -q 'is 270 bytes long; a folder name can have at most 255 bytes' "$T/v.err"
refused fail-county-tempname-unlocated in.xml 'in.xml:48: error: applicant XC-2022-002: county ".x.tmp-99" names an output folder but starts with "."'
refused weak-lookalike-counties-split in.xml 'in.xml:48: error: applicant XC-2022-002: county "示范区Ａ１" looks the same as "示范区A1" at line 6'
refused weak-lookalike-counties-split in-zwsp.xml 'in-zwsp.xml:48: error: applicant XC-2022-002: county "魏都区<U+200B>" names an output folder but contains U+200B'
refused weak-del-char-accepted in.xml 'in.xml:8: error: applicant XC-2022-001: <name> holds the control character U+007F'
refused weak-raw-control-chars-in-messages in.xml 'in.xml:8: error: applicant XC-2022-001: <name> holds the control character U+007F'
refused weak-raw-control-chars-in-messages in-bidi.xml 'in-bidi.xml:8: error: applicant XC-2022-001: <name> holds the control character U+202E'
refused weak-date-range-message in.xml 'in.xml:32: error: applicant XC-2022-001: county-opinion date "9999-12-31" is outside the years 1900-2199'

# weak-raw-control-chars-in-messages: no message carries C1 controls or bidi overrides raw.
# (An empty stderr, a missing binary or a crash is a failure, not a pass: the refusal must be
# there, located, with its U+ code, and nothing raw beside it.)
for f in in.xml in-bidi.xml; do
  C=$T/weak-raw-control-chars-in-messages
  [ -d "$C" ] || { fail "weak-raw-control-chars-in-messages: fixture missing"; continue; }
  (cd "$C" && "$YINFA" run job.ini --input "$f" --output out) 2>"$T/raw.err" >/dev/null
  rc=$?
  if LC_ALL=C grep -qP '\xC2[\x80-\x9F]|\xE2\x80[\xAA-\xAE]|\xE2\x81[\xA6-\xA9]|\x7F' "$T/raw.err"; then
    fail "weak-raw-control-chars-in-messages ($f): a control character was printed raw"
  elif [ "$rc" -ne 1 ] || ! grep -qE "^$f:[0-9]+: error: .*<U\+[0-9A-F]{4}>|^$f:[0-9]+: error: .*U\+[0-9A-F]{4}" "$T/raw.err"; then
    fail "weak-raw-control-chars-in-messages ($f): exit $rc, no located error with a U+ code" "$(head -c 300 "$T/raw.err")"
  else
    pass "weak-raw-control-chars-in-messages ($f): refused at its line, only U+XXXX codes printed"
  fi
done
# A county with a C1 control (NEL) is caught by the name check, printed as a code.
if [ -d "$T/weak-raw-control-chars-in-messages" ]; then
  C=$T/weak-raw-control-chars-in-messages
  sed 's/county="魏都区"/county="魏都\xC2\x85区"/' "$CASES/fail-county-tempname-unlocated/in.xml" >"$C/nel.xml"
  "$YINFA" validate "$C/nel.xml" 2>"$T/nel.err" >/dev/null
  check "weak-raw-control-chars-in-messages: county with NEL refused as U+0085" grep -q 'county "魏都<U+0085>区" names an output folder but contains U+0085' "$T/nel.err"
fi

# weak-fffd-printed: a warning with the line; the round still runs.
if [ -f "$CASES/weak-fffd-printed/in.xml" ]; then
  C=$T/weak-fffd-printed
  cp -r "$CASES/weak-fffd-printed" "$C"
  (cd "$C" && "$YINFA" validate in.xml) >/dev/null 2>"$T/fffd.err"
  check "weak-fffd-printed: validate passes" test $? -eq 0
  check "weak-fffd-printed: a warning with the line" grep -q 'in.xml:8: warning: applicant XC-2022-001: <name> holds U+FFFD' "$T/fffd.err"
else
  fail "weak-fffd-printed: fixture missing"
fi

# The other values that name folders: an applicant id that is a Windows device name, or that
# differs from another only in case (one folder on a case-insensitive share).
BASE=$CASES/fail-symlink-write-through/in.xml
if [ -f "$BASE" ]; then
  mkdir -p "$T/ids"
  cp "$CASES/fail-symlink-write-through/job.ini" "$T/ids/"
  sed 's/id="XC-2022-002"/id="CON"/' "$BASE" >"$T/ids/con.xml"
  sed 's/id="XC-2022-002"/id="xc-2022-001"/' "$BASE" >"$T/ids/case.xml"
  "$YINFA" validate "$T/ids/con.xml" >/dev/null 2>"$T/ids.err"
  check "an applicant id CON is refused with its line" grep -q 'con.xml:[0-9]*: error: applicant CON: id "CON" names an output folder but is a device name reserved by Windows' "$T/ids.err"
  "$YINFA" validate "$T/ids/case.xml" >/dev/null 2>"$T/ids.err"
  check "ids differing only in case are refused" grep -q 'case.xml:[0-9]*: error: applicant xc-2022-001: id "xc-2022-001" looks the same as "XC-2022-001" at line' "$T/ids.err"
else
  fail "fail-symlink-write-through/in.xml is missing"
fi

# weak-billion-laughs-message: the DOCTYPE and the reference, each at its line; no "loop" and no
# message at the XML declaration.
refused weak-billion-laughs-message in.xml 'in.xml:2: error: a DOCTYPE is not allowed in a review-round file'
check "weak-billion-laughs-message: the reference at its line" grep -q 'in.xml:20:13: error: entity reference &lol9; is refused' "$T/v.err"
check "weak-billion-laughs-message: no libxml2 'loop' text" bash -c "! grep -q 'loop' '$T/v.err' '$T/r.err'"
check "weak-billion-laughs-message: two messages, no more" test "$(grep -c ': error: ' "$T/v.err")" -eq 2

# weak-huge-attribute-messages: one sentence about the first fatal error, no cascade.
if [ -f "$CASES/weak-huge-attribute-messages/make-input.py" ]; then
  C=$T/weak-huge-attribute-messages
  cp -r "$CASES/weak-huge-attribute-messages" "$C"
  (cd "$C" && python3 make-input.py >/dev/null)
  for f in in-10mb-name.xml in-county-3.5m.xml; do
    (cd "$C" && "$YINFA" validate "$f") >/dev/null 2>"$T/huge.err"
    check "weak-huge-attribute-messages ($f): exit 1" test $? -eq 1
    check "weak-huge-attribute-messages ($f): one located sentence" \
      bash -c "[ \$(grep -c ': error: ' '$T/huge.err') -eq 1 ] && grep -q '^$f:[0-9]*:[0-9]*: error: .*an attribute value here is longer than the XML reader takes' '$T/huge.err'"
    check "weak-huge-attribute-messages ($f): no 'Memory allocation failed'" bash -c "! grep -q 'Memory allocation' '$T/huge.err'"
  done
  rm -f "$C"/in-*.xml
else
  fail "weak-huge-attribute-messages: fixture missing"
fi

# fail-stdin-input-stale-notice: a round read from a pipe is fingerprinted by the bytes read.
if [ -f "$CASES/fail-stdin-input-stale-notice/in2.xml" ]; then
  C=$T/fail-stdin-input-stale-notice
  cp -r "$CASES/fail-stdin-input-stale-notice" "$C"
  (cd "$C" && "$YINFA" run job.ini --input /dev/stdin --quiet <in.xml)
  (cd "$C" && cat in2.xml | "$YINFA" run job.ini --input /dev/stdin --quiet)
  check "fail-stdin-input-stale-notice: the notice is rebuilt" \
    bash -c "pdftotext '$C/out/notice.pdf' - | grep -q 改名后"
  check "fail-stdin-input-stale-notice: the county summary is rebuilt" \
    bash -c "pdftotext '$C/out/counties/魏都区/summary.pdf' - | grep -q 改名后"
  (cd "$C" && "$YINFA" run job.ini --input in2.xml) 2>"$T/again.err"
  check "fail-stdin-input-stale-notice: the same bytes from a file change nothing" \
    grep -qE "^[0-9]+ documents: 0 written, [1-9][0-9]* unchanged, 0 failed" "$T/again.err"
else
  fail "fail-stdin-input-stale-notice: fixture missing"
fi

finish
