#!/bin/bash
# Two runs into one folder, and a re-run killed half way (issue 14 §2, §3), from the shared cases
# tests/cases/fail-concurrent-runs-no-lock and weak-verify-after-killed-rerun: the second run is
# refused at once (exit 3, naming the running one) and the folder holds one round; after a killed
# re-run, verify says the run did not finish instead of calling the new files "altered", and a
# plain re-run makes the folder whole again.
source "$(dirname "$0")/../e2e_lib.sh"
CASES=$ROOT/tests/cases
T=$E2E_TMP
GEN="$ROOT/${YINFA_BUILD:-build}/tools/gen_round"
# Applicants per round: 400 documents per run, enough that a run with one worker is still writing
# when the next starts or the kill comes (the cases had 2,000; 400 applicants made this script 33 s
# under ASan, four full runs of 800 documents each).
N=200

case_copy() {
  if [ ! -f "$CASES/$1/job.ini" ]; then
    fail "$1: fixture $CASES/$1/job.ini is missing"
    return 1
  fi
  cp -r "$CASES/$1" "$T/$1"
}

# wait_for FILE SECONDS: until FILE exists (true) or the time is up (false).
wait_for() {
  local i
  for ((i = 0; i < $2 * 20; i++)); do
    [ -e "$1" ] && return 0
    sleep 0.05
  done
  return 1
}

# ---- fail-concurrent-runs-no-lock ----
if case_copy fail-concurrent-runs-no-lock; then
  C=$T/fail-concurrent-runs-no-lock
  # a round large enough that run A is still going when B starts (A has one worker)
  "$GEN" --applicants "$N" --seed 3 --output "$C/a.xml"
  sed 's/许昌/許昌/g' "$C/a.xml" >"$C/b.xml"
  "$YINFA" run "$C/job.ini" --input "$C/a.xml" --output "$C/out" --quiet --jobs 1 2>"$C/a.err" &
  PA=$!
  # A holds the lock once it writes documents (its journal appears)
  check "concurrent: run A started writing" wait_for "$C/out/.manifest.journal" 60
  a_running=0
  kill -0 "$PA" 2>/dev/null && a_running=1
  "$YINFA" run "$C/job.ini" --input "$C/b.xml" --output "$C/out" --quiet --jobs 2 2>"$C/b.err"
  rb=$?
  check "concurrent: run A was still running when B started" test "$a_running" -eq 1
  check "concurrent: run B exits 3 at once (got $rb)" test "$rb" -eq 3
  check "concurrent: B names the folder's run and its PID" grep -q "in use by run PID $PA" "$C/b.err"
  wait "$PA"
  ra=$?
  check "concurrent: run A completes (exit 0, got $ra)" test "$ra" -eq 0
  check "concurrent: verify passes" "$YINFA" verify "$C/out"
  check "concurrent: no document of round B in the folder" \
    bash -c "! pdftotext '$C/out/notice.pdf' - | grep -q '許昌'"
  check "concurrent: the lock is released: a third run into the folder works" \
    "$YINFA" run "$C/job.ini" --input "$C/a.xml" --output "$C/out" --quiet
fi

# ---- weak-verify-after-killed-rerun ----
if case_copy weak-verify-after-killed-rerun; then
  C=$T/weak-verify-after-killed-rerun
  "$GEN" --applicants "$N" --seed 3 --output "$C/a.xml"
  sed 's/许昌/許昌/g' "$C/a.xml" >"$C/b.xml"
  check "killed re-run: the first run completes" \
    "$YINFA" run "$C/job.ini" --input "$C/a.xml" --output "$C/out" --quiet
  setsid "$YINFA" run "$C/job.ini" --input "$C/b.xml" --output "$C/out" --quiet --jobs 1 2>/dev/null &
  P=$!
  # kill the whole re-run (parent and workers) once it has rewritten some documents
  wait_for "$C/out/.manifest.journal" 60
  for ((i = 0; i < 200; i++)); do
    [ "$(wc -l <"$C/out/.manifest.journal" 2>/dev/null || echo 0)" -ge 5 ] && break
    sleep 0.05
  done
  kill -KILL -- -"$P" 2>/dev/null
  wait "$P" 2>/dev/null
  # its workers hold the folder's lock until the kernel has reaped them too
  for ((i = 0; i < 200; i++)); do pgrep -g "$P" >/dev/null || break; sleep 0.05; done
  check "killed re-run: its journal is left" test -f "$C/out/.manifest.journal"
  "$YINFA" verify "$C/out" >"$C/verify.out" 2>&1
  rv=$?
  check "killed re-run: verify fails (exit 1, got $rv)" test "$rv" -eq 1
  # killed before its first document, the re-run has taken the manifest away (it no longer vouches
  # for a folder being rewritten): verify then says so; later, it names the unfinished run's files
  check "killed re-run: verify says the run did not finish" \
    grep -qE "a later run into this folder did not finish|no manifest: the last run did not finish; run it again" "$C/verify.out"
  check "killed re-run: the rewritten documents are named as the unfinished run's, not altered" \
    grep -qE "written by the later run that did not finish|no manifest: the last run did not finish" "$C/verify.out"
  check "killed re-run: no document is called altered" bash -c "! grep -q 'altered' '$C/verify.out'"
  grep altered "$C/verify.out" | grep -v 'written by the later run' | head -3 >&2
  check "killed re-run: a plain re-run completes" \
    "$YINFA" run "$C/job.ini" --input "$C/b.xml" --output "$C/out" --quiet
  check "killed re-run: then verify passes" "$YINFA" verify "$C/out"
  check "killed re-run: and the journal is gone" test ! -e "$C/out/.manifest.journal"
fi
# ---- a run killed by PID (kill -TERM, not its process group): its workers die with it ----
if case_copy weak-verify-after-killed-rerun 2>/dev/null || [ -d "$T/weak-verify-after-killed-rerun" ]; then
  C=$T/weak-verify-after-killed-rerun
  rm -rf "$C/term"
  "$YINFA" run "$C/job.ini" --input "$C/a.xml" --output "$C/term" --quiet --jobs 2 2>"$C/term.err" &
  P=$!
  wait_for "$C/term/.manifest.journal" 60
  kill -TERM "$P"
  wait "$P"
  rt=$?
  check "killed by PID: exit 143, as a shell reports SIGTERM (got $rt)" test "$rt" -eq 143
  check "killed by PID: says it stopped, what was done and to run again" \
    grep -q "note: stopped by SIGTERM: [0-9]* documents were written, [0-9]* were not; .*run again to finish it" "$C/term.err"
  check "killed by PID: no worker crash reported" bash -c "! grep -q 'worker process' '$C/term.err'"
  check "killed by PID: no temporary file left" test -z "$(find "$C/term" -name '.*.tmp-*')"
  sleep 1
  check "killed by PID: no worker outlives the run" bash -c "! pgrep -a -x yinfa | grep -qF -- '$C/term'"
  n1=$(find "$C/term" -name '*.pdf' | wc -l)
  sleep 1
  check "killed by PID: no document is written after the run died ($n1)" \
    test "$(find "$C/term" -name '*.pdf' | wc -l)" -eq "$n1"
  check "killed by PID: a re-run completes the folder" \
    "$YINFA" run "$C/job.ini" --input "$C/a.xml" --output "$C/term" --quiet
  check "killed by PID: verify passes" "$YINFA" verify "$C/term"
fi
finish
