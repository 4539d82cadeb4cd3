#!/bin/bash
# Wording without XML (issue 25 §2): a round changes a sentence of the 公示 through a plain text
# file named in its INI ([wording] file) and finds it in the PDF and the DOCX; the program's own
# sentences given again unchanged make the same bytes; an unknown placeholder or sentence name is
# an error at its file:line in both languages, and nothing is written; `yinfa programs` lists
# the sentences and their placeholders.
source "$(dirname "$0")/../e2e_lib.sh"
D="$E2E_TMP/round"
mkdir -p "$D"
# the sample's INI with its input made absolute, the DOCX asked for, and a [wording] file
sed -e "s|^input *=.*|input = $ROOT/samples/xuchang-2022.xml|" \
    -e "s|^\[output\]|[output]\nformats = pdf, docx|" samples/xuchang-2022.ini >"$D/plain.ini"
ini() { { cat "$D/plain.ini"; printf '[wording]\nfile = %s\n' "$1"; } >"$D/$2"; }

# As Notepad saves it: a BOM, CRLF line ends, a comment; the new issuer's own words
printf '\xef\xbb\xbf# 本轮改写\r\n公示依据 = 根据《许昌市科学技术局关于建立重点企业库的通知》要求，经许昌市科学技术局复核，拟将{数量}个企业（项目）纳入{年度}年{库名称}库，由{发文机关}公示。\r\n' >"$D/changed.txt"
ini changed.txt changed.ini
"$YINFA" run "$D/changed.ini" --output "$D/out" --only notice --quiet 2>"$E2E_TMP/err"
rc=$?
check "a round with [wording] file runs (exit $rc)" test "$rc" -eq 0
[ "$rc" -eq 0 ] || cat "$E2E_TMP/err"
want='根据《许昌市科学技术局关于建立重点企业库的通知》要求，经许昌市科学技术局复核，拟将24个企业（项目）纳入2022年许昌市“新一代信息技术重点企业、重点项目”库，由许昌市工业和信息化局公示。'
python3 - "$D/out" "$want" >"$E2E_TMP/check.out" 2>&1 <<'EOF'
import subprocess, sys, zipfile, re
out, want = sys.argv[1], sys.argv[2]
def say(ok, what): print(("ok   " if ok else "FAIL ") + what)
pdf = subprocess.run(["pdftotext", "-raw", out + "/notice.pdf", "-"], capture_output=True, text=True).stdout
flat = re.sub(r"\s+", "", pdf)
say(want in flat, "the PDF has the round's sentence, its placeholders filled")
say("市工业和信息化局复核" not in flat, "the PDF no longer has the program's sentence")
say("公示期为2022年5月9日至" in flat, "the PDF keeps the program's other sentences")
with zipfile.ZipFile(out + "/notice.docx") as z:
    xml = z.read("word/document.xml").decode()
text = "".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", xml))
say(want in text, "the DOCX has the round's sentence")
say("市工业和信息化局复核" not in text, "the DOCX no longer has the program's sentence")
EOF
while IFS= read -r l; do
  case $l in "ok   "*) pass "${l#ok   }" ;; "FAIL "*) fail "${l#FAIL }" ;; *) echo "$l" ;; esac
done <"$E2E_TMP/check.out"
check "the PDF and DOCX checks ran (5)" test "$(grep -c '^ok  \|^FAIL' "$E2E_TMP/check.out")" -eq 5

# The program's sentences given again as they are: the same bytes as without the file
grep -v '^#' templates/xuchang-nit/wording.txt >"$D/same.txt"
ini same.txt same.ini
"$YINFA" run "$D/plain.ini" --output "$D/o-plain" --only notice --quiet 2>/dev/null
"$YINFA" run "$D/same.ini" --output "$D/o-same" --only notice --quiet 2>/dev/null
check "every sentence given again unchanged: notice.pdf byte-identical" cmp "$D/o-plain/notice.pdf" "$D/o-same/notice.pdf"
check "... and a different PDF when one changes" bash -c "! cmp -s '$D/o-plain/notice.pdf' '$D/out/notice.pdf'"

# Errors at the line, in English and in Chinese; nothing written
printf '# 说明\n\n公示期 = 公示期为{公示开始}起{公示天数}个工作日，{人 数}个。\n' >"$D/badph.txt"
printf '公示期 = 公示期为{公示开始}起。\n公示依剧 = 根据……\n' >"$D/badname.txt"
printf '公示期 = 公示期为{公示开始起。\n' >"$D/badbrace.txt"
printf '公示期 = 一\n公示期 = 二\n' >"$D/twice.txt"
for b in badph badname badbrace twice; do ini $b.txt $b.ini; done
err() { # NAME LANG INI PATTERN: run fails, the message is there, no notice written
  local name=$1 lang=$2 i=$3 pat=$4
  rm -rf "$D/o-bad"
  LANG=$lang "$YINFA" run "$D/$i" --output "$D/o-bad" --only notice --quiet 2>"$E2E_TMP/err" >/dev/null
  local rc=$?
  if [ "$rc" -ne 0 ] && grep -qF -- "$pat" "$E2E_TMP/err" && [ ! -e "$D/o-bad/notice.pdf" ]; then pass "$name"
  else fail "$name" "exit $rc, no '$pat' in: $(head -3 "$E2E_TMP/err")"; fi
}
err "unknown placeholder at its line (en)" C badph.ini "badph.txt:3: error: sentence \"公示期\": no placeholder {人 数}"
err "unknown placeholder at its line (zh)" zh_CN.UTF-8 badph.ini "badph.txt:3: 错误: 句子“公示期”：{人 数} 不是可用的占位符"
err "a sentence the program has not, at its line (en)" C badname.ini "badname.txt:2: error: the program"
err "a sentence the program has not, at its line (zh)" zh_CN.UTF-8 badname.ini "没有名为“公示依剧”的句子"
err "an unclosed brace at its line" C badbrace.ini "badbrace.txt:1: error: sentence “公示期”: '{' without its '}'"
err "a sentence given twice at its second line" C twice.ini "twice.txt:2: error: sentence \"公示期\" is given twice (also at line 1)"
ini missing.txt missing.ini
err "a [wording] file that does not exist" C missing.ini "missing.txt"

# The program's side: a template naming a sentence wording.txt has not (at the template's
# line:column), a sentence no template uses (at wording.txt's line)
P="$E2E_TMP/progs"
mkdir -p "$P"
cp -r templates/xuchang-nit templates/common "$P/"
sed -i 's/wording="公示期"/wording="公示其"/' "$P/xuchang-nit/notice.xml"
line=$(grep -n 'wording="公示其"' "$P/xuchang-nit/notice.xml" | cut -d: -f1)
LANG=C "$YINFA" programs xuchang-nit --programs "$P" >/dev/null 2>"$E2E_TMP/err"
check "a template's unknown sentence is an error at notice.xml:$line" \
  grep -qF "xuchang-nit/notice.xml:$line:28: error: no sentence \"公示其\" in the program's wording.txt" "$E2E_TMP/err"
check "... one message: not also the sentence it no longer uses" test "$(grep -c 'error:' "$E2E_TMP/err")" -eq 1
sed -i 's/wording="公示其"/wording="公示期"/' "$P/xuchang-nit/notice.xml"
printf '备用 = 一句没有模板用的话\n' >>"$P/xuchang-nit/wording.txt"
wline=$(wc -l <"$P/xuchang-nit/wording.txt")
LANG=C "$YINFA" programs xuchang-nit --programs "$P" >/dev/null 2>"$E2E_TMP/err"
check "a sentence of wording.txt no template uses: an error at wording.txt:$wline" \
  grep -qF "xuchang-nit/wording.txt:$wline: error: sentence \"备用\" is used by no template: delete this line, or use it" "$E2E_TMP/err"

# yinfa validate --config reads the same file
LANG=C "$YINFA" validate samples/xuchang-2022.xml --config "$D/badph.ini" >/dev/null 2>"$E2E_TMP/err"
check "validate --config reports the same placeholder error" grep -qF "badph.txt:3:" "$E2E_TMP/err"

# the listing
LANG=C "$YINFA" programs xuchang-nit >"$E2E_TMP/list" 2>&1
check "programs NAME lists the sentences" grep -q "^  sentences (wording.txt" "$E2E_TMP/list"
check "programs NAME lists a sentence's placeholders" grep -qF "placeholders: {数量} {年度} {库名称} {公示开始} {公示结束} {公示天数} {发文机关}" "$E2E_TMP/list"
check "programs NAME shows the sentence" grep -qF "= 公示期为{公示开始}至{公示结束}（{公示天数}个工作日）" "$E2E_TMP/list"
for p in fujian-fusion henan-toutou hunan-cloud shandong-demo xuchang-nit; do
  n=$(grep -c '^[^#].* = ' templates/$p/wording.txt)
  m=$("$YINFA" programs $p 2>/dev/null | grep -c '^      = ')
  check "$p: every sentence of wording.txt listed ($m of $n)" test "$n" -gt 0 -a "$n" -eq "$m"
done
finish
