#!/bin/bash
# Issue 27: the eligibility declarations an office records (xuchang-nit's 二（三）限制条件, hunan-cloud's
# 第五条（一）, enterprise/compliance) go to a workbook and come back from it (import.xml), and a
# xuchang 工业互联网平台's planned investment is a column of the sample workbook.
source "$(dirname "$0")/../e2e_lib.sh"
T="$E2E_TMP"
trip() { # PROGRAM SAMPLE ELEMENT
  sed "0,/<\/enterprise>/s||$3<\/enterprise>|" "$ROOT/samples/$2.xml" >"$T/$1.xml"
  check "$1: the round with a declaration is valid" "$YINFA" validate "$T/$1.xml"
  "$YINFA" export "$1" "$T/$1.xml" --output "$T/$1.xlsx" >/dev/null 2>"$T/err"
  check "$1: exported" test -s "$T/$1.xlsx"
  "$YINFA" import "$1" "$T/$1.xlsx" --output "$T/$1-back.xml" >/dev/null 2>"$T/err"
  check "$1: imported back" test -s "$T/$1-back.xml"
  check "$1: the declaration came back" grep -qF "$3" "$T/$1-back.xml"
  check "$1: one declaration, not more" test "$(grep -c '<compliance' "$T/$1-back.xml")" -eq 1
}
trip xuchang-nit xuchang-2022 '<compliance major-accident="no" abnormal-operation="no" dishonest="no" principal-dishonest="no" tax-violation="no"/>'
trip hunan-cloud hunan-2019 '<compliance legal-person="yes" good-credit="yes" violation-record="no"/>'
"$YINFA" import xuchang-nit "$ROOT/samples/xuchang-2022.xlsx" --output "$T/x.xml" >/dev/null 2>&1
n=$(grep -c 'investment="' "$T/x.xml")
check "xuchang sample workbook: the 12 platforms' planned investment imported ($n)" test "$n" -eq 12
finish
