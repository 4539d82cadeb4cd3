#!/bin/bash
# Producing one document is a typed contract (issue 22 §6, src/produce): each document comes out
# ok, a document error (its located message; the others are written; exit 1), a system error
# (errno and path, reported once, the run stops; exit 3) or a crash (the worker died: the document
# is named, the others are written; exit 3), and the run's last line says which, in English and
# Chinese (docs/cli.md "Exit status"). A journal that cannot be written is said and the run goes
# on. After each failure a plain re-run completes the folder and verify passes.
source "$(dirname "$0")/../e2e_lib.sh"
GEN="$ROOT/${YINFA_BUILD:-build}/tools/gen_round"
T=$E2E_TMP
export SOURCE_DATE_EPOCH=1651795200
ulimit -c 0 # the crash test's worker aborts: no core file
"$GEN" --applicants 4 --seed 5 --output "$T/round.xml"
sed -e "s|^\(input *= *\).*|\1$T/round.xml|" -e 's|^\(output *= *\).*|\1out|' "$ROOT/samples/xuchang-2022.ini" >"$T/round.ini"
errors() { grep -c -E '(error|错误)(:|：)' "$1"; }

# ---- ok ----
"$YINFA" run "$T/round.ini" --output "$T/ok" --quiet 2>"$T/ok.err"
check "a clean run exits 0" test $? -eq 0
total=$(grep -cv '^#\|^path,' "$T/ok/manifest.csv")
check "and lists its $total documents" test "$total" -gt 8
# the files a run writes: the documents with pages and admitted.xlsx (every run, issue 25 §4)
files() { find "$1" -name '*.pdf' -o -name '*.ofd' -o -name '*.xlsx' | wc -l; }
check "one of them is admitted.xlsx" grep -q '^admitted\.xlsx,' "$T/ok/manifest.csv"

# ---- document error: a name in no installed font fails that applicant's documents only ----
sed '0,/<name>\([^<]*\)<\/name>/s//<name>\1𮯰<\/name>/' "$T/round.xml" >"$T/bad.xml"
check "the bad round has the character no font has" grep -q '𮯰' "$T/bad.xml"
"$YINFA" run "$T/round.ini" --input "$T/bad.xml" --output "$T/bad" 2>"$T/bad.err"
rc=$?
check "a document error exits 1 (exit $rc)" test "$rc" -eq 1
check "it is located at the template's line, naming the applicant and the document" \
  grep -qE 'application\.xml:[0-9]+:[0-9]+: error: applicant XC-2022-001: character U\+2EBF0 .*/applicants/XC-2022-001/application\.pdf is not written' "$T/bad.err"
failed=$(sed -n 's/.*documents: [0-9]* written, [0-9]* unchanged, \([0-9]*\) failed.*/\1/p' "$T/bad.err")
n_bad=$(files "$T/bad")
check "the other documents are written ($n_bad of $total, $failed failed)" test "$n_bad" -gt 0 -a "$((n_bad + failed))" -eq "$total"
check "the summary asks to correct the errors" grep -q '^yinfa: [0-9]* error(s); [0-9]* document(s) were written' "$T/bad.err"
check "and does not call it a system error or a crash" bash -c "! grep -qE 'system error|crashed' '$T/bad.err'"

# ---- system error: the file size limit (EFBIG) ----
(ulimit -f 4; "$YINFA" run "$T/round.ini" --output "$T/full" --quiet) 2>"$T/full.err"
rc=$?
check "a system error exits 3 (exit $rc)" test "$rc" -eq 3
check "it is reported once, with its file and errno" test "$(errors "$T/full.err")" -eq 1 -a \
  "$(grep -cE "^$T/full/.*: error: cannot write file: File too large" "$T/full.err")" -eq 1
check "the summary says system error and what to do" grep -q '^yinfa: system error (File too large, named above): the run stopped; .*make room' "$T/full.err"
check "no temporary file and no manifest is left" test -z "$(find "$T/full" -name '.*tmp-*')" -a ! -e "$T/full/manifest.csv"
(ulimit -f 4; LANG=zh_CN.UTF-8 "$YINFA" run "$T/round.ini" --output "$T/full-zh" --quiet) 2>"$T/full-zh.err"
check "in Chinese: 系统错误（文件过大" grep -q '^yinfa：系统错误（文件过大，见上）：运行已停止' "$T/full-zh.err"
check "and the file's message in Chinese" grep -q '无法写入文件：文件过大' "$T/full-zh.err"
"$YINFA" run "$T/round.ini" --output "$T/full" --quiet
check "with room again the run completes" "$YINFA" verify "$T/full"

# ---- crash: a worker dies on one document (YINFA_TEST_CRASH_ON, tests only) ----
victim=applicants/XC-2022-002/review-form.pdf
YINFA_TEST_CRASH_ON=$victim "$YINFA" run "$T/round.ini" --output "$T/crash" --quiet 2>"$T/crash.err"
rc=$?
check "a crash exits 3 (exit $rc)" test "$rc" -eq 3
check "the crashed document is named with the signal" grep -qE "$victim: error: .*worker process [0-9]+ killed by signal 6 \(SIGABRT\) while producing this document" "$T/crash.err"
check "the summary calls it a fault in yinfa" grep -q '^yinfa: a worker process crashed on 1 document(s) (named above): a fault in yinfa' "$T/crash.err"
n_crash=$(files "$T/crash")
check "the other $((total - 1)) documents are written ($n_crash)" test "$n_crash" -eq "$((total - 1))" -a ! -e "$T/crash/$victim"
LANG=zh_CN.UTF-8 YINFA_TEST_CRASH_ON=$victim "$YINFA" run "$T/round.ini" --output "$T/crash-zh" --quiet 2>"$T/crash-zh.err"
check "in Chinese: 工作进程在 1 份文书上崩溃" grep -q '^yinfa：工作进程在 1 份文书上崩溃（见上）：这是 yinfa 的缺陷' "$T/crash-zh.err"
"$YINFA" run "$T/round.ini" --output "$T/crash" 2>"$T/crash2.err"
check "a plain re-run makes just that one" grep -qE "^$total documents: 1 written, $((total - 1)) unchanged" "$T/crash2.err"
check "and verify passes" "$YINFA" verify "$T/crash"

# ---- pdf and ofd: a document's two formats are made together from one layout; a crash on the
# PDF loses its OFD too, which says so ----
sed 's|^\[output\]|[output]\nformats = pdf, ofd|' "$T/round.ini" >"$T/both.ini"
YINFA_TEST_CRASH_ON=notice.pdf "$YINFA" run "$T/both.ini" --output "$T/both" --quiet 2>"$T/both.err"
rc=$?
check "pdf+ofd: a crash exits 3 (exit $rc)" test "$rc" -eq 3
check "the OFD made with the crashed PDF says why it is missing" \
  grep -q "notice.ofd: error: not produced: it is made with notice.pdf, whose worker process died" "$T/both.err"
n_both=$(files "$T/both")
# each of the total - 1 page documents in two formats, but the notice's two; admitted.xlsx is made
# with the notice (from its blocks), so it is lost with it and says so
check "the other $((2 * (total - 1) - 2)) files are written ($n_both)" test "$n_both" -eq "$((2 * (total - 1) - 2))"
check "admitted.xlsx, made with the crashed notice, says why it is missing" \
  grep -q "admitted.xlsx: error: not produced: it is made with notice.pdf, whose worker process died" "$T/both.err"
"$YINFA" run "$T/both.ini" --output "$T/both" --quiet
check "a plain re-run completes both formats" "$YINFA" verify "$T/both"

# ---- a journal that cannot be written is said; the run goes on ----
mkdir -p "$T/jr/.manifest.journal"
"$YINFA" run "$T/round.ini" --output "$T/jr" --quiet 2>"$T/jr.err"
rc=$?
check "a run whose journal cannot be opened still succeeds (exit $rc)" test "$rc" -eq 0
check "and says the journal could not be written" grep -qE '\.manifest\.journal: warning: cannot record finished documents in the journal: Is a directory' "$T/jr.err"
check "verify passes" "$YINFA" verify "$T/jr"
finish
