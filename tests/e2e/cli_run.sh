#!/bin/bash
# `yinfa run`: exit status 0/1/2/3, located messages (FILE:LINE, applicant id), paths relative
# to the INI file, options overriding the INI, and nothing written when anything is wrong.
source "$(dirname "$0")/../e2e_lib.sh"
D="$E2E_TMP/cfg"
mkdir -p "$D/data"
# A two-applicant round keeps this quick once run produces documents.
cat >"$D/data/round.xml" <<'XML'
<?xml version="1.0" encoding="UTF-8"?>
<review-round program="xuchang-nit" year="2022">
  <applicant id="XC-1" county="魏都区">
    <enterprise>
      <name>许昌智云信息技术有限公司</name>
      <credit-code>91411002MA9F4K2X12</credit-code>
    </enterprise>
    <project direction="工业互联网平台"><name>面向发制品行业的工业互联网平台</name></project>
    <review><decision>admitted</decision></review>
  </applicant>
  <applicant id="XC-2" county="长葛市">
    <enterprise>
      <name>长葛市恒达超硬材料有限公司</name>
      <credit-code>91411082MA44Y7WP0F</credit-code>
    </enterprise>
    <project direction="服务型制造"><name>超硬刀具共享制造平台</name></project>
  </applicant>
</review-round>
XML
sed -e 's|^input *=.*|input = data/round.xml|' -e 's|^output *=.*|output = out|' \
  "$ROOT/samples/xuchang-2022.ini" >"$D/round.ini"

# run CONFIG [args...]: sets rc, out, err
run() { "$YINFA" run "$@" >"$E2E_TMP/out" 2>"$E2E_TMP/err"; rc=$?; }
nothing_written() { [ ! -e "$1" ] || [ -z "$(ls -A "$1")" ]; }

run "$D/round.ini" --quiet
check "a good round exits 0" test "$rc" -eq 0
check "--quiet prints nothing on stdout" test ! -s "$E2E_TMP/out"
(cd / && "$YINFA" run "$D/round.ini" --quiet --output "$E2E_TMP/o1" >/dev/null 2>&1); rc=$?
check "works from another directory (paths relative to the INI, schema built in)" test "$rc" -eq 0

# a bad round: exit 1, every message located, nothing written
sed -e 's/91411082MA44Y7WP0F/91411082MA44Y7WP0G/' -e 's/id="XC-2"/id="..\/..\/etc"/' \
  "$D/data/round.xml" >"$D/data/bad.xml"
run "$D/round.ini" --input "$D/data/bad.xml" --output "$E2E_TMP/o2"
check "a bad round exits 1" test "$rc" -eq 1
check "credit code message names file, line and applicant" \
  grep -q "bad.xml:14: error: applicant ../../etc: credit code \"91411082MA44Y7WP0G\"" "$E2E_TMP/err"
check "id message names file, line and applicant" \
  grep -q "bad.xml:11: error: applicant ../../etc: id \"../../etc\"" "$E2E_TMP/err"
check "says nothing was written" grep -q "nothing was written" "$E2E_TMP/err"
check "nothing was written" nothing_written "$E2E_TMP/o2"
check "no folder escaped the output" test ! -e "$E2E_TMP/etc"

LANG=zh_CN.UTF-8 "$YINFA" run "$D/round.ini" --input "$D/data/bad.xml" --output "$E2E_TMP/o2" 2>"$E2E_TMP/err" >/dev/null
check "Chinese messages under LANG=zh_CN.UTF-8" grep -q "bad.xml:14: 错误: 申报单位 ../../etc：统一社会信用代码" "$E2E_TMP/err"

# config errors: exit 1 with the INI's file:line
sed -e 's/^phone *=/fone =/' "$D/round.ini" >"$D/bad.ini"
run "$D/bad.ini" --output "$E2E_TMP/o3"
line=$(grep -n '^fone' "$D/bad.ini" | cut -d: -f1)
check "unknown INI key exits 1" test "$rc" -eq 1
check "unknown INI key is reported with its line" grep -q "bad.ini:$line: error: unknown key \"fone\" in \[notice\]" "$E2E_TMP/err"
check "missing INI key is reported" grep -q "bad.ini:[0-9]*: error: \[notice\] phone is missing" "$E2E_TMP/err"
check "nothing written after a config error" nothing_written "$E2E_TMP/o3"

sed -e 's/^program *=.*/program = fujian-2023/' "$D/round.ini" >"$D/other.ini"
run "$D/other.ini" --output "$E2E_TMP/o4"
line=$(grep -n '^program' "$D/other.ini" | cut -d: -f1)
check "unknown program exits 1" test "$rc" -eq 1
check "unknown program is located at the INI line and lists the programs" \
  grep -q "other.ini:$line: error: no program \"fujian-2023\" (looked in .*); the programs are: .*xuchang-nit" "$E2E_TMP/err"
# a program that exists but is not the file's
run "$ROOT/tests/programs/demo-test/job.ini" --output "$E2E_TMP/o4" --programs "$ROOT/tests/programs" \
  --input "$ROOT/samples/xuchang-2022.xml"
check "program mismatch exits 1" test "$rc" -eq 1
check "program mismatch is located" grep -q "xuchang-2022.xml:[0-9]*: error: the file is for program \"xuchang-nit\", not \"demo-test\"" "$E2E_TMP/err"

{ head -c 4200 /dev/zero | tr '\0' 'x' | sed 's/^/title = /'; echo; } >"$E2E_TMP/long"
awk -v f="$E2E_TMP/long" '/^\[notice\]/{print; while ((getline l < f) > 0) print l; next} {print}' \
  "$D/round.ini" >"$D/long.ini"
run "$D/long.ini"
check "a line over 4096 bytes exits 1" test "$rc" -eq 1
check "a line over 4096 bytes is reported with its line" grep -q "long.ini:[0-9]*: error: this line is 4208 bytes long" "$E2E_TMP/err"

# I/O errors: exit 3
run "$D/none.ini"
check "missing config exits 3" test "$rc" -eq 3
run "$D/round.ini" --input "$D/data/none.xml"
check "missing input exits 3" test "$rc" -eq 3
check "missing input is named" grep -q "none.xml: error: cannot read" "$E2E_TMP/err"

# options
run "$D/round.ini" --verbose --shard 2/2 --jobs 3 --output "$E2E_TMP/o5"
check "--shard, --jobs and --verbose are accepted" test "$rc" -eq 0
finish
