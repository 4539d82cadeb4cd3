#!/bin/bash
# Issue 22 §3, second trial: a copied program folder is untrusted data. Percent-encoded paths are
# checked as libxml2 will open them (unescaped), a DTD is refused in every program file, ...
# Each case is a copy of templates/xuchang-nit with one edit, validated against the sample round.
source "$(dirname "$0")/../e2e_lib.sh"
T=$E2E_TMP
SAMPLE=$ROOT/samples/xuchang-2022.xml

has() { if grep -qF -- "$3" "$2"; then pass "$1"; else fail "$1" "no '$3' in: $(head -c 600 "$2")"; fi; }
hasnt() { if grep -qF -- "$3" "$2"; then fail "$1" "'$3' in: $(head -c 600 "$2")"; else pass "$1"; fi; }
rc_is() { if [ "$2" -eq "$3" ]; then pass "$1"; else fail "$1" "exit $2, wanted $3"; fi; }

# prog NAME: a fresh copy of the program folders in $T/NAME (the program in $T/NAME/xuchang-nit).
prog() {
  rm -rf "${T:?}/$1"; mkdir -p "$T/$1"
  cp -a "$ROOT/templates/common" "$ROOT/templates/xuchang-nit" "$T/$1/"
}
# xsd_insert NAME TEXT: TEXT as the first child of the schema's root, on line 9... (its own line).
xsd_insert() {
  python3 - "$T/$1/xuchang-nit/schema.xsd" "$2" <<'PY'
import sys
p = sys.argv[1]; s = open(p, encoding="utf-8").read()
i = s.index(">", s.index("<xs:schema")) + 1
open(p, "w", encoding="utf-8").write(s[:i] + "\n" + sys.argv[2] + s[i:])
PY
}
# line_of FILE TEXT: the first line of FILE holding TEXT.
line_of() { grep -nF -- "$2" "$1" | head -1 | cut -d: -f1; }

# ---- 1. percent-encoding: %2e%2e is "..", once libxml2 has unescaped it ----
printf '<?xml version="1.0"?><xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"><xs:simpleType name="fromoutside"><xs:restriction base="xs:string"/></xs:simpleType></xs:schema>\n' >"$T/outside.xsd"
n=0
for kind in include redefine import; do
  for loc in '%2e%2e/%2e%2e/outside.xsd' '%2E%2E%2F%2E%2E%2Foutside.xsd' 'sub%2f..%2f..%2f..%2foutside.xsd'; do
    n=$((n + 1)); name=pct$n
    prog $name
    if [ $kind = import ]; then el="<xs:import namespace=\"urn:x\" schemaLocation=\"$loc\"/>"
    else el="<xs:$kind schemaLocation=\"$loc\"/>"; fi
    xsd_insert $name "$el"
    S=$T/$name/xuchang-nit/schema.xsd
    LANG=C strace -f -qq -e trace=open,openat -o "$T/$name.strace" \
      "$YINFA" validate "$SAMPLE" --programs "$T/$name" >"$T/$name.out" 2>&1
    rc=$?
    rc_is "$kind $loc: refused" $rc 1
    has "$kind $loc: at the schema's line, outside the folder" "$T/$name.out" \
      "$S:$(line_of "$S" "$loc"): error: schemaLocation=\"$loc\" is outside the program folder"
    if grep -q 'outside\.xsd' "$T/$name.strace"; then fail "$kind $loc: outside.xsd never opened" "$(grep outside.xsd "$T/$name.strace" | head -2)"
    else pass "$kind $loc: outside.xsd never opened"; fi
  done
done
check "percent cases tried: 9" test $n -eq 9
# the same for a template= and schema= of program.xml
prog pctt
sed -i 's|template="notice.xml"|template="%2e%2e/%2e%2e/notice.xml"|' "$T/pctt/xuchang-nit/program.xml"
cp "$ROOT/templates/xuchang-nit/notice.xml" "$T/notice.xml"
LANG=C "$YINFA" validate "$SAMPLE" --programs "$T/pctt" >"$T/pctt.out" 2>&1
rc_is "template=%2e%2e/…: refused" $? 1
has "template=%2e%2e/…: outside the folder" "$T/pctt.out" 'is outside the program folder'
# a missing include: the file does not exist, at the schema's line
prog miss
xsd_insert miss '<xs:include schemaLocation="types-missing.xsd"/>'
S=$T/miss/xuchang-nit/schema.xsd
LANG=C "$YINFA" validate "$SAMPLE" --programs "$T/miss" >"$T/miss.out" 2>&1
rc_is "missing include: refused" $? 1
has "missing include: does not exist, at its line" "$T/miss.out" \
  "$S:$(line_of "$S" types-missing.xsd): error: schemaLocation=\"types-missing.xsd\" does not exist"
# libxml2's schema compiler opens the unescaped name: types%41.xsd is typesA.xsd
prog pctok
cp "$T/outside.xsd" "$T/pctok/xuchang-nit/typesA.xsd"
xsd_insert pctok '<xs:include schemaLocation="types%41.xsd"/>'
LANG=C "$YINFA" validate "$SAMPLE" --programs "$T/pctok" >"$T/pctok.out" 2>&1
rc_is "types%41.xsd when typesA.xsd is in the folder: valid" $? 0
mv "$T/pctok/xuchang-nit/typesA.xsd" "$T/pctok/xuchang-nit/types%41.xsd"
LANG=C "$YINFA" validate "$SAMPLE" --programs "$T/pctok" >"$T/pctok.out" 2>&1
rc_is "types%41.xsd when only a file of that spelling is there: refused" $? 1
has "types%41.xsd: does not exist (the compiler would open typesA.xsd)" "$T/pctok.out" 'schemaLocation="types%41.xsd" does not exist'

# ---- 2. a DTD in any program file: one located message (an external entity's text vanished) ----
echo secret-9731 >"$T/secret.txt"
DT="<!DOCTYPE x [<!ENTITY e SYSTEM \"file://$T/secret.txt\">]>"
n=0
for f in program.xml notice.xml ../common/masthead.xml import.xml; do
  n=$((n + 1)); name=dtd$n
  prog $name
  F=$T/$name/xuchang-nit/$f
  sed -i "2i $DT" "$F"
  # the entity used in text, where a reference would be dropped
  python3 - "$F" <<'PY'
import re, sys
p = sys.argv[1]; s = open(p, encoding="utf-8").read()
m = re.compile(r"<[A-Za-z][^>]*>").search(s, s.index("]>") + 2)
open(p, "w", encoding="utf-8").write(s[:m.end()] + "&e;" + s[m.end():])
PY
  F=$(realpath "$F")
  if [ $f = import.xml ]; then
    LANG=C "$YINFA" import xuchang-nit "$ROOT/samples/xuchang-2022.xlsx" --programs "$T/$name" \
      --output "$T/$name.xml" >"$T/$name.out" 2>&1
  else
    LANG=C "$YINFA" validate "$SAMPLE" --programs "$T/$name" >"$T/$name.out" 2>&1
  fi
  rc_is "DOCTYPE in $f: refused" $? 1
  has "DOCTYPE in $f: at its line" "$T/$name.out" "$F:2: error: a DOCTYPE is not allowed"
  hasnt "DOCTYPE in $f: the secret never read" "$T/$name.out" "secret-9731"
  c=$(grep -c ': error: ' "$T/$name.out")
  check "DOCTYPE in $f: one error (got $c)" test "$c" -eq 1
done
LANG=zh_CN.UTF-8 "$YINFA" validate "$SAMPLE" --programs "$T/dtd1" >"$T/dtd1.zh" 2>&1
has "DOCTYPE in program.xml: said in Chinese under zh_CN" "$T/dtd1.zh" "不得包含 DOCTYPE"
check "DTD cases tried: 4" test $n -eq 4

# ---- 3. outputs: another document's folder, "." and "..", absolute, names a share cannot hold ----
# (each replaces the notice's output="notice.pdf", line 126; refused at load, at that line)
prog outp
P=$T/outp/xuchang-nit/program.xml
cp "$P" "$T/program.orig"
L=$(line_of "$P" 'output="notice.pdf"')
n=0
while IFS='|' read -r out what; do
  n=$((n + 1))
  cp "$T/program.orig" "$P"
  o=$(printf '%s' "$out" | sed 's/[&|\\]/\\&/g')
  sed -i "s|output=\"notice.pdf\"|output=\"$o\"|" "$P"
  LANG=C "$YINFA" validate "$SAMPLE" --programs "$T/outp" >"$T/outp.out" 2>&1
  rc=$?
  rc_is "output=\"$out\": refused at load" $rc 1
  if grep -qF -- "$P:$L:" "$T/outp.out" && grep -F -- "$P:$L:" "$T/outp.out" | grep -qF -- "$what"; then
    pass "output=\"$out\": at program.xml:$L, says '$what'"
  else fail "output=\"$out\": at program.xml:$L, says '$what'" "$(head -c 600 "$T/outp.out")"; fi
done <<'CASES'
applicants|the folder of document "application"
applicants/XC-2022-001|the folder of document "application"
counties|the folder of document "summary"
./manifest.csv|a "." or ".." part
x/../manifest.csv|a "." or ".." part
../x.pdf|a "." or ".." part
x/./notice.pdf|a "." or ".." part
/tmp/x.pdf|is an absolute path
manifest.csv.|ends with a dot or a space
notice.pdf.|ends with a dot or a space
notice.pdf |space
notice.pdf::$DATA|contains ':'
a\b.pdf|contains '\'
a:b.pdf|contains ':'
CON|device name reserved by Windows
nul.pdf|device name reserved by Windows
com1.pdf|device name reserved by Windows
LPT9/x.pdf|device name reserved by Windows
CASES
check "output cases tried: 18" test $n -eq 18
cp "$T/program.orig" "$P"
sed -i 's|output="notice.pdf"|output="公示/notice.pdf"|' "$P"
LANG=C "$YINFA" validate "$SAMPLE" --programs "$T/outp" >"$T/outp.out" 2>&1
rc_is "output=\"公示/notice.pdf\": still fine" $? 0

# ---- 4. a costly group key: one error at program.xml's key= line, no raw libxml2 lines ----
prog gkey
P=$T/gkey/xuchang-nit/program.xml
K='concat(@county, substring(string(count(//*[count(//*[count(//@*) &gt;= 0]) &gt;= 0])),1,0))'
python3 -c 'import sys; p, k = sys.argv[1:]; s = open(p, encoding="utf-8").read(); open(p, "w", encoding="utf-8").write(s.replace("key=\"@county\"", "key=\"%s\"" % k, 1))' "$P" "$K"
L=$(line_of "$P" 'key="concat(')
for lang in C zh_CN.UTF-8; do
  start=$(date +%s)
  LANG=$lang timeout 120 "$YINFA" validate "$SAMPLE" --programs "$T/gkey" >"$T/gkey.out" 2>&1
  rc=$?; took=$(( $(date +%s) - start ))
  rc_is "costly group key ($lang): refused" $rc 1
  c=$(grep -cE ': (error|错误): ' "$T/gkey.out")
  check "costly group key ($lang): one located error (got $c)" test "$c" -eq 1
  if grep -q "^$P:$L:[0-9:]* \(error\|错误\)" "$T/gkey.out"; then pass "costly group key ($lang): at program.xml:$L"
  else fail "costly group key ($lang): at program.xml:$L" "$(head -c 600 "$T/gkey.out")"; fi
  hasnt "costly group key ($lang): no raw libxml2 line" "$T/gkey.out" "Operation limit exceeded"
  check "costly group key ($lang): stopped once, not per applicant (${took}s)" test "$took" -le 20
done
has "costly group key: said in Chinese under zh_CN" "$T/gkey.out" "分组键"

# ---- 5. total time: a rule under the per-evaluation bound, over every applicant, meets the
# check's budget and is reported at its line (it ran 30-70 s with no message) ----
prog budget
P=$T/budget/xuchang-nit/program.xml
A=$(python3 -c "print(' + '.join(['count(//*[count(//*) &gt;= 0])'] * 10) + ' &gt;= 0')")
python3 - "$P" "$A" <<'PY'
import sys
p, a = sys.argv[1:]; s = open(p, encoding="utf-8").read()
i = s.index('    <rule name="major-accident"')
r = ('    <rule name="costly" context="applicant" assert="%s">\n      <message lang="zh">x</message>\n'
     '      <message lang="en">x</message>\n    </rule>\n') % a
open(p, "w", encoding="utf-8").write(s[:i] + r + s[i:])
PY
L=$(line_of "$P" 'name="costly"')
# its CPU time (user + system), not the wall time: on a machine shared by four the wall time of
# the same run was 44 s (under a load of 10 on 2 CPUs) and failed a bound it meets when quiet
LANG=C /usr/bin/time -f '%U %S' -o "$T/budget.cpu" timeout 120 "$YINFA" validate "$SAMPLE" --programs "$T/budget" >"$T/budget.out" 2>&1
rc=$?; took=$(awk 'NF == 2 && $1 ~ /^[0-9.]+$/ { printf "%d", $1 + $2 + 0.5 }' "$T/budget.cpu")
rc_is "a rule over the check's budget: refused" $rc 1
if grep -q "^$P:$L:[0-9]*: error: rule \"costly\": the rules together were stopped" "$T/budget.out"; then
  pass "a rule over the check's budget: at its line ($L)"
else fail "a rule over the check's budget: at its line ($L)" "$(head -c 600 "$T/budget.out")"; fi
c=$(grep -cE ': error: ' "$T/budget.out")
check "a rule over the check's budget: one error (got $c)" test "$c" -eq 1
check "a rule over the check's budget: stopped (${took:-?} CPU-s)" test "${took:-999}" -le 40

finish
