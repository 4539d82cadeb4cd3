#!/bin/bash
# A document that would list nobody is an error for that document (issue 21 §3): a workbook
# without its 评审结果 sheet imported, and the 公示 read "拟将0个企业（项目）纳入…" over an empty
# list. The templates declare which lists must not be empty (<for-each> with <empty-error>, data):
# validate reports each such document (its file, the template's line, the template's words, in
# both languages) and exits 1; import warns (a round before its reviews is still a round); run
# writes every other document, not that one, and exits 1. The sample rounds stay clean.
source "$(dirname "$0")/../e2e_lib.sh"
T="$E2E_TMP"
has() { grep -qF -- "$1" "$2" || { echo "--- $2:"; cat "$2"; return 1; }; }

# every program's sample round: no document is reported
for s in xuchang-2022 hunan-2019 fujian-2024 shandong-demo-2023 henan-2024; do
  "$YINFA" validate "$ROOT/samples/$s.xml" >/dev/null 2>"$T/err"
  check "$s: the sample round validates" test $? -eq 0
  check "$s: … no list reported empty" bash -c "! grep -q 'would list nobody' '$T/err'"
done

# a round without decisions: the notice (and the announcement) of each program that lists the
# admitted ones (henan-toutou's lists the best ranked, never empty for a scored round)
for p in xuchang-nit:xuchang-2022:notice hunan-cloud:hunan-2019:notice,announcement \
         fujian-fusion:fujian-2024:notice,announcement shandong-demo:shandong-demo-2023:notice,announcement; do
  IFS=: read -r prog s docs <<<"$p"
  sed 's|<decision>[^<]*</decision>||' "$ROOT/samples/$s.xml" >"$T/$s.xml"
  check "$s: the copy has no decision" bash -c "! grep -q '<decision>' '$T/$s.xml'"
  "$YINFA" validate "$T/$s.xml" >/dev/null 2>"$T/err"
  check "$prog: validate exits 1" test $? -eq 1
  for d in ${docs//,/ }; do
    line=$(grep -n '<empty-error lang="zh">' "$ROOT/templates/$prog/$d.xml" | head -1 | cut -d: -f1)
    check "$prog: $d.xml declares its list must not be empty" test -n "$line"
    col=$(sed -n "$((line - 1))p" "$ROOT/templates/$prog/$d.xml" | awk '{ print index($0, "<for-each") }')
    check "$prog: … $d.pdf reported at its for-each, naming the file" \
      has "templates/$prog/$d.xml:$((line - 1)):$col: error: $d.pdf would list nobody (yinfa run would not write it): no " "$T/err"
  done
  check "$prog: … one error per document" test "$(grep -c 'would list nobody' "$T/err")" -eq "$(tr , '\n' <<<"$docs" | wc -l)"
  LANG=zh_CN.UTF-8 "$YINFA" validate "$T/$s.xml" >/dev/null 2>"$T/err"
  check "$prog: … in Chinese, with the template's words" has "notice.pdf 的名单将为空（yinfa run 不会生成该文档）：评审结果中没有" "$T/err"
done

# run: every other document written, not the notice; exit 1
"$YINFA" run "$ROOT/samples/xuchang-2022.ini" --input "$T/xuchang-2022.xml" --output "$T/out" 2>"$T/err"
rc=$?
check "xuchang run without decisions: exit 1 ($rc)" test "$rc" -eq 1
check "… the notice is named, with why" has "notice.pdf would list nobody, so it is not written: no applicant has the decision admitted" "$T/err"
check "… no notice.pdf" test ! -e "$T/out/notice.pdf"
# the notice's list workbook (admitted.xlsx, every run) lists nobody either: not written
check "… nor admitted.xlsx" test ! -e "$T/out/admitted.xlsx"
check "… which points at the notice's error, said once" bash -c "grep -q 'admitted.xlsx: error: not written: the document could not be made (the errors given for notice.pdf)' '$T/err' && [ \$(grep -c 'would list nobody' '$T/err') -eq 1 ]"
check "… the 104 other documents written" has "106 documents: 104 written, 0 unchanged, 2 failed" "$T/err"
LANG=zh_CN.UTF-8 "$YINFA" run "$ROOT/samples/xuchang-2022.ini" --input "$T/xuchang-2022.xml" --output "$T/out-zh" --quiet 2>"$T/err"
check "… in Chinese" has "notice.pdf 的名单为空，未生成：评审结果中没有“入库”" "$T/err"

# import: the sample workbook without its 评审结果 sheet imports with a warning naming the notice
python3 - "$ROOT/samples/xuchang-2022.xlsx" "$T/no-review.xlsx" <<'EOF'
import sys, zipfile
src, dst = sys.argv[1], sys.argv[2]
z = zipfile.ZipFile(src)
with zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as o:
    for i in z.infolist():
        b = z.read(i.filename)
        if i.filename == "xl/workbook.xml":
            b = b.decode().replace('<sheet name="评审结果" sheetId="10" r:id="rId10"/>', "").encode()
        o.writestr(i, b)
EOF
check "the workbook lost its 评审结果 sheet" bash -c "! unzip -p '$T/no-review.xlsx' xl/workbook.xml | grep -q 评审结果"
"$YINFA" import xuchang-nit "$T/no-review.xlsx" --output "$T/r.xml" >/dev/null 2>"$T/err"
check "import of the workbook without 评审结果: exit 0 (a round before its reviews)" test $? -eq 0 -a -s "$T/r.xml"
# the list's <for-each> is the line above its first <empty-error> (the template's lines move)
fe=$(( $(grep -n -m1 '<empty-error' templates/xuchang-nit/notice.xml | cut -d: -f1) - 1 ))
check "… warns that the notice would list nobody" \
  has "templates/xuchang-nit/notice.xml:$fe:5: warning: notice.pdf would list nobody (yinfa run would not write it): " "$T/err"
check "… only a warning" bash -c "! grep -q ': error: ' '$T/err'"
"$YINFA" run "$ROOT/samples/xuchang-2022.ini" --input "$T/r.xml" --output "$T/out2" --quiet 2>"$T/err"
check "… and run on it fails the notice only (exit $?)" has "notice.pdf would list nobody, so it is not written" "$T/err"
check "… not written" test ! -e "$T/out2/notice.pdf" -a -e "$T/out2/counties/魏都区/summary.pdf"
finish
