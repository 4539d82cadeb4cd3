#!/bin/bash
# Programs are data: `yinfa programs` lists what is installed and what --programs adds; the
# test program tests/programs/demo-test (its own schema, a rule of each kind, typed INI
# parameters, a group scope and a when= condition) validates and runs with no C of its own;
# each rule kind refuses a bad input with its line, applicant and message; --only produces
# exactly the named kinds and a later full run completes the rest.
source "$(dirname "$0")/../e2e_lib.sh"
T="$E2E_TMP"
P="$ROOT/tests/programs"
DEMO="$P/demo-test"
check "the test program's files are there" test -f "$DEMO/program.xml" -a -f "$DEMO/schema.xsd" -a -f "$DEMO/round.xml"

# ---- yinfa programs ----
"$YINFA" programs >"$T/out" 2>"$T/err"; rc=$?
check "programs: exit 0" test "$rc" -eq 0
check "programs: lists xuchang-nit with its title" grep -q "^xuchang-nit	许昌市“新一代信息技术重点企业、重点项目”库" "$T/out"
check "programs: the test program is not installed" bash -c "! grep -q demo-test '$T/out'"
"$YINFA" programs --programs "$P" >"$T/out" 2>"$T/err"; rc=$?
check "programs --programs: exit 0" test "$rc" -eq 0
check "programs --programs: lists the test program" grep -q "^demo-test	演示项目（测试用）" "$T/out"
check "programs --programs: and the installed ones" grep -q "^xuchang-nit" "$T/out"
check "programs: document kinds listed" grep -q "documents: list city-list benchmark-note" "$T/out"
"$YINFA" programs demo-test --programs "$P" >"$T/out" 2>"$T/err"; rc=$?
check "programs NAME: exit 0" test "$rc" -eq 0
check "programs NAME: a required date parameter" grep -q "\[round-rules\] deadline\*  date  the application deadline" "$T/out"
check "programs NAME: an integer with bounds and default" grep -q "\[round-rules\] quota  integer 1..100 default 2" "$T/out"
check "programs NAME: an enum with its values" grep -q "\[round-rules\] style  enum (brief full) default brief" "$T/out"
check "programs NAME: the group" grep -q "groups: city (@city" "$T/out"
check "programs NAME: the when= condition" grep -q "benchmark-note .*when project/@category = '标杆企业'" "$T/out"
check "programs NAME: the rules with severity" grep -qE "benchmark-quota +warning" "$T/out"
"$YINFA" programs nonesuch --programs "$P" >"$T/out" 2>"$T/err"; rc=$?
check "programs: an unknown name exits 1" test "$rc" -eq 1
check "programs: an unknown name lists the programs" grep -q 'no program "nonesuch" .*the programs are: demo-test, .*xuchang-nit' "$T/err"

# ---- the demo round is valid, and runs ----
validate() { "$YINFA" validate "$@" --programs "$P" >"$T/out" 2>"$T/err"; rc=$?; }
validate "$DEMO/round.xml" --config "$DEMO/job.ini"
check "demo round: valid" test "$rc" -eq 0
check "demo round: 3 applicants" grep -q "3 applicant" "$T/out"
"$YINFA" run "$DEMO/job.ini" --programs "$P" --output "$T/run" --quiet 2>"$T/err"; rc=$?
check "demo run: exit 0" test "$rc" -eq 0
check "demo run: the round document" test -s "$T/run/list.pdf"
check "demo run: one document per group" test -s "$T/run/cities/福州市/list.pdf" -a -s "$T/run/cities/厦门市/list.pdf"
check "demo run: when= makes the note for 标杆企业 only" \
  bash -c "test -s '$T/run/applicants/D-1/note.pdf' -a -s '$T/run/applicants/D-3/note.pdf' -a ! -e '$T/run/applicants/D-2'"
check "demo run: the parameter reaches the template" bash -c "pdftotext '$T/run/list.pdf' - | grep -q '截止日期：2024年6月30日'"
check "demo run: verify" "$YINFA" verify "$T/run"

# ---- one failing input per rule kind, each message with its line and applicant ----
# bad ROUND-EDIT(sed expression) EXPECTED-TEXT: the edited round fails validation with that text
bad() {
  local name=$1 edit=$2 want=$3
  sed -e "$edit" "$DEMO/round.xml" >"$T/bad.xml"
  validate "$T/bad.xml" --config "$DEMO/job.ini"
  check "rule $name: exit 1" test "$rc" -eq 1
  check "rule $name: located message" grep -qF "$want" "$T/err"
}
bad threshold 's/<revenue>12000</<revenue>9000</' \
  "bad.xml:3: error: enterprise D-1: category 标杆企业 requires previous-year revenue of at least 10000 万元; it is 9000 万元 [benchmark-revenue]"
bad uniqueness 's/91350300MA2DEF789H/91350100MA2XYW123F/' \
  "bad.xml:22: error: enterprise D-3: credit code 91350100MA2XYW123F already applies as D-1 (line 3); one project per enterprise [one-project-per-enterprise]"
bad date-window 's/2023-05-01/2024-07-01/' \
  "bad.xml:11: error: enterprise D-1: certificate date 2024-07-01 must be from 2023-01-01 to the deadline 2024-06-30 [certificate-window]"
bad date-window-start 's/2023-05-01/2022-12-31/' "certificate date 2022-12-31 must be from 2023-01-01"
long=$(printf '字%.0s' $(seq 1 1001))
bad text-length "s/建设覆盖全厂的工业互联网平台。/$long/" \
  "bad.xml:7: error: enterprise D-1: the project description has 1001 characters; at most 1000 [description-length]"
bad sum 's/amount="20"/amount="20.02"/' \
  "bad.xml:5: error: enterprise D-1: the cost items add up to 30.52 万元, not the stated total 30.5 万元 [costs-add-up]"
# within 0.01 is fine
sed -e 's/amount="20"/amount="20.01"/' "$DEMO/round.xml" >"$T/ok.xml"
validate "$T/ok.xml" --config "$DEMO/job.ini"
check "rule sum: a difference of 0.01 passes" test "$rc" -eq 0

# the quota is a warning: printed with its line, the round stays valid
sed -e 's/<decision>pending</<decision>admitted</' -e 's/category="应用场景"/category="标杆企业"/' \
    -e 's/<revenue>3500</<revenue>13500</' "$DEMO/round.xml" >"$T/quota.xml"
validate "$T/quota.xml" --config "$DEMO/job.ini"
check "rule count: a warning does not fail validation" test "$rc" -eq 0
check "rule count: the warning names the count, the quota and the first over it" \
  grep -qF "quota.xml:22: warning: enterprise D-3: 3 标杆企业 admitted, more than the quota of about 2 [benchmark-quota]" "$T/err"
check "rule count: validate says there were warnings" grep -q "with warnings" "$T/out"
LANG=zh_CN.UTF-8 "$YINFA" validate "$T/quota.xml" --config "$DEMO/job.ini" --programs "$P" >"$T/out" 2>"$T/err"
check "rule messages in Chinese" grep -qF "标杆企业拟入选 3 家，超过约 2 家的名额" "$T/err"
check "messages call an item what the program calls it (item=\"企业\")" grep -qF "警告: 企业 D-3：" "$T/err"

# every rule is checked in one run
sed -e 's/<revenue>12000</<revenue>9000</' -e 's/amount="20"/amount="21"/' -e 's/2023-05-01/2024-07-01/' \
  "$DEMO/round.xml" >"$T/three.xml"
validate "$T/three.xml" --config "$DEMO/job.ini"
check "three broken rules, three messages" test "$(grep -c ': error: ' "$T/err")" -eq 3

# ---- the program's INI parameters are checked with their lines ----
runini() { "$YINFA" run "$T/job.ini" --programs "$P" --output "$T/o-ini" --quiet >"$T/out" 2>"$T/err"; rc=$?; }
sed -e "s|^input = .*|input = $DEMO/round.xml|" -e 's/^deadline = .*/deadline = 2024-02-30/' "$DEMO/job.ini" >"$T/job.ini"
echo "style = fancy" >>"$T/job.ini"
echo "quota = 0" >>"$T/job.ini"
runini
check "INI: bad values exit 1" test "$rc" -eq 1
check "INI: a date that does not exist, with its line" grep -q "job.ini:[0-9]*: error: \[round-rules\] deadline \"2024-02-30\" is not a real date" "$T/err"
check "INI: an enum value not listed" grep -q "job.ini:12: error: \[round-rules\] style \"fancy\" must be one of: brief full" "$T/err"
check "INI: an integer out of bounds" grep -q "job.ini:13: error: \[round-rules\] quota \"0\" must be a whole number from 1 to 100" "$T/err"
check "INI: nothing written" test ! -e "$T/o-ini/list.pdf"
sed -e "s|^input = .*|input = $DEMO/round.xml|" -e '/^deadline/d' -e 's/^\[issuer\]/[isuer]/' "$DEMO/job.ini" >"$T/job.ini"
runini
check "INI: a missing required parameter" grep -q "job.ini:[0-9]*: error: \[round-rules\] deadline is missing: the application deadline" "$T/err"
check "INI: an unknown section names the program's" grep -q "unknown section \[isuer\]; the sections are \[round\], \[output\], \[fonts\], \[issuer\], \[round-rules\]" "$T/err"

# ---- --only: exactly the named kinds; a later full run completes the rest ----
O="$T/only"
"$YINFA" run "$DEMO/job.ini" --programs "$P" --output "$O" --only city-list --quiet 2>"$T/err"; rc=$?
check "--only: exit 0" test "$rc" -eq 0
check "--only: the named kind is made" test -s "$O/cities/福州市/list.pdf"
check "--only: no other kind" bash -c "test ! -e '$O/list.pdf' -a ! -e '$O/applicants'"
check "--only: the manifest lists exactly what was made" \
  bash -c "[ \$(grep -c 'city-list' '$O/manifest.csv') -eq 2 ] && ! grep -q ',list,\|benchmark-note' '$O/manifest.csv'"
check "--only: verify passes" "$YINFA" verify "$O"
"$YINFA" run "$DEMO/job.ini" --programs "$P" --output "$O" 2>"$T/err"; rc=$?
check "full run after --only: exit 0" test "$rc" -eq 0
check "full run after --only: makes the rest, keeps what was made" grep -q "5 documents: 3 written, 2 unchanged" "$T/err"
check "full run after --only: verify passes" "$YINFA" verify "$O"
"$YINFA" run "$DEMO/job.ini" --programs "$P" --output "$O" --only list --quiet 2>"$T/err"; rc=$?
check "--only after a full run: the manifest keeps the others it vouches for" \
  bash -c "[ \$(grep -cE '\.pdf' '$O/manifest.csv') -eq 5 ]"
# a changed input, then --only one kind: the others stay listed (as made before), verify passes
cp "$DEMO/job.ini" "$T/job-changed.ini"
sed -i -e "s|^input = .*|input = $DEMO/round.xml|" -e 's/^deadline = .*/deadline = 2024-06-29/' "$T/job-changed.ini"
"$YINFA" run "$T/job-changed.ini" --programs "$P" --output "$O" --only list --quiet 2>"$T/err"; rc=$?
check "--only after a changed input: exit 0" test "$rc" -eq 0
check "--only after a changed input: the other kinds stay in the manifest" \
  bash -c "[ \$(grep -cE '\.pdf' '$O/manifest.csv') -eq 5 ]"
check "--only after a changed input: verify passes" "$YINFA" verify "$O"
"$YINFA" run "$T/job-changed.ini" --programs "$P" --output "$O" 2>"$T/err"; rc=$?
check "the full run after it remakes only what the change touched (the list)" grep -q "5 documents: 0 written, 5 unchanged\|5 documents: [0-9] written" "$T/err"
"$YINFA" run "$DEMO/job.ini" --programs "$P" --output "$O" --only lists 2>"$T/err"; rc=$?
check "--only: an unknown kind exits 1" test "$rc" -eq 1
check "--only: an unknown kind names the kinds" grep -q 'no document kind "lists"; its kinds are list, city-list, benchmark-note' "$T/err"
# docs/programs.md "Adding a program", step 1 as a fresh user did it: the program folder copied
# without templates/common, which its templates include; the message says what to copy (both
# languages), and with common/ beside it the copy loads
mkdir -p "$T/mine"
cp -r "$ROOT/templates/xuchang-nit" "$T/mine/my-program"
sed -i 's/name="xuchang-nit"/name="my-program"/' "$T/mine/my-program/program.xml"
LANG=C "$YINFA" programs my-program --programs "$T/mine" >/dev/null 2>"$T/err"; rc=$?
check "a copied program without common/: exit 1 ($rc)" test "$rc" -eq 1
check "... the message names the missing folder and says to copy templates/common beside it" \
  grep -q "cannot include $T/mine/common/masthead.xml: its folder does not exist; a program copied out of templates/ needs the folders its templates include (such as templates/common) copied beside it" "$T/err"
LANG=zh_CN.UTF-8 "$YINFA" programs my-program --programs "$T/mine" >/dev/null 2>"$T/err"
check "... in Chinese under LANG=zh" grep -q "所在文件夹不存在；从 templates/ 复制出去的项目，还需把模板包含的文件夹（如 templates/common）一并复制到它旁边" "$T/err"
cp -r "$ROOT/templates/common" "$T/mine/"
"$YINFA" programs my-program --programs "$T/mine" >/dev/null 2>"$T/err"; rc=$?
check "... with common/ copied beside it, the program loads ($rc: $(head -c 200 "$T/err"))" test "$rc" -eq 0
finish
