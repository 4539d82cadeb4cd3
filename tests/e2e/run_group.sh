#!/bin/bash
# `yinfa run --group` (issue 25 §3): a print set for some counties writes exactly their documents
# (their applicants' and their own summaries, counted against the round's XML), the round's own
# only when --only names them; the manifest lists just what is on disk, `verify` passes, and a
# later full run makes the rest (skipping what the group run made) into the same set a fresh full
# run makes. An unknown county is a usage error (exit 2) naming the nearest, in both languages,
# writing nothing.
source "$(dirname "$0")/../e2e_lib.sh"
T=$E2E_TMP
XML="$ROOT/samples/xuchang-2022.xml"
ini() { # NAME: the sample's INI writing into $T/NAME
  sed -e "s|^input *=.*|input = $XML|" -e "s|^output *=.*|output = $T/$1|" samples/xuchang-2022.ini >"$T/$1.ini"
}
listing() { (cd "$1" && find . -type f -name '*.pdf' | sed 's|^\./||' | sort); }
county_of() { grep -oE "<applicant id=\"$1\"[^>]* county=\"[^\"]*\"" "$XML" | sed -E 's/.*county="([^"]*)"/\1/'; }

# The round's applicants per county, from the XML itself.
n_wd=$(grep -cE '<applicant [^>]*county="魏都区"' "$XML")
n_yz=$(grep -cE '<applicant [^>]*county="禹州市"' "$XML")
n_all=$(grep -cE '<applicant ' "$XML")
check "the round has applicants in 魏都区 ($n_wd), 禹州市 ($n_yz) and others ($n_all)" \
  test "$n_wd" -gt 0 -a "$n_yz" -gt 0 -a "$n_all" -gt $((n_wd + n_yz))

ini full
"$YINFA" run "$T/full.ini" --quiet
check "a fresh full run succeeds" test $? -eq 0
listing "$T/full" >"$T/full.list"

ini g
"$YINFA" run "$T/g.ini" --group 魏都区,禹州市 --quiet
check "--group 魏都区,禹州市 succeeds" test $? -eq 0
listing "$T/g" >"$T/g.list"
want=$((2 * (n_wd + n_yz) + 2)) # application and review form per applicant, the two 汇总表
check "--group writes $want documents ($(wc -l <"$T/g.list"))" test "$(wc -l <"$T/g.list")" -eq "$want"
check "--group writes both counties' summaries" \
  test -f "$T/g/counties/魏都区/summary.pdf" -a -f "$T/g/counties/禹州市/summary.pdf"
check "--group writes no round-level document (公示)" test ! -e "$T/g/notice.pdf"
others=""
for id in $(grep -oE '^applicants/[^/]+' "$T/g.list" | cut -d/ -f2 | sort -u); do
  c=$(county_of "$id")
  [ "$c" = 魏都区 ] || [ "$c" = 禹州市 ] || others+=" $id($c)"
done
check "every applicant document is of 魏都区 or 禹州市${others:+ (not:$others)}" test -z "$others"
check "every group document is one a full run makes" test -z "$(comm -23 "$T/g.list" "$T/full.list")"
check "the manifest lists exactly the files written" \
  test "$(tail -n +2 "$T/g/manifest.csv" | grep -v '^#' | wc -l)" -eq "$want"
"$YINFA" verify "$T/g" >/dev/null 2>&1
check "verify passes after the group run" test $? -eq 0

# The rest: a full run into the same folder makes only what is missing.
"$YINFA" run "$T/g.ini" 2>"$T/rest.err"
check "the later full run succeeds" test $? -eq 0
check "the later full run skips the group's $want documents" grep -q ", $want unchanged" "$T/rest.err"
listing "$T/g" >"$T/rest.list"
check "after it the folder holds what a fresh full run makes ($(wc -l <"$T/rest.list"))" cmp -s "$T/rest.list" "$T/full.list"
"$YINFA" verify "$T/g" >/dev/null 2>&1
check "verify passes after both" test $? -eq 0

# A group run into a complete folder keeps the others listed (as --only does).
"$YINFA" run "$T/g.ini" --group 建安区 --force --quiet
check "--group --force into a complete folder succeeds" test $? -eq 0
check "its manifest still lists every document" \
  test "$(tail -n +2 "$T/g/manifest.csv" | grep -v '^#' | wc -l)" -eq "$(tail -n +2 "$T/full/manifest.csv" | grep -v '^#' | wc -l)"
"$YINFA" verify "$T/g" >/dev/null 2>&1
check "verify passes after it" test $? -eq 0

# Round-level documents only when --only names them; with --only both must hold.
ini o
"$YINFA" run "$T/o.ini" --group 魏都区 --only notice,review-form --quiet
check "--group 魏都区 --only notice,review-form succeeds" test $? -eq 0
listing "$T/o" >"$T/o.list"
check "it writes the 公示 and 魏都区's $n_wd review forms only ($(wc -l <"$T/o.list"))" \
  test "$(wc -l <"$T/o.list")" -eq $((n_wd + 1)) -a -f "$T/o/notice.pdf" \
  -a "$(grep -c '/review-form.pdf$' "$T/o.list")" -eq "$n_wd"

# An unknown county: exit 2, the nearest named, in English and in Chinese, nothing written.
ini bad
LANG=C "$YINFA" run "$T/bad.ini" --group 魏都区,禹州 --quiet 2>"$T/bad.en"
check "an unknown county exits 2" test $? -eq 2
check "the message names it and the nearest (en)" grep -q 'no county "禹州"; the nearest is "禹州市"' "$T/bad.en"
LANG=zh_CN.UTF-8 "$YINFA" run "$T/bad.ini" --group 禹州 --quiet 2>"$T/bad.zh"
check "an unknown county exits 2 (zh)" test $? -eq 2
check "the message names it and the nearest (zh)" grep -q '没有县（市、区）“禹州”；最接近的是“禹州市”' "$T/bad.zh"
check "an unknown county writes nothing" test -z "$(ls -A "$T/bad" 2>/dev/null)"
"$YINFA" run "$T/bad.ini" --group= --quiet 2>/dev/null
check "an empty --group is a usage error" test $? -eq 2

finish
