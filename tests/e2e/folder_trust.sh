#!/bin/bash
# The output folder is a closed space (issue 14 §1-§3): no write or verify through a symbolic
# link, verify never reads outside the folder and never trusts a damaged manifest, the temp sweep
# leaves the user's files alone, documents of removed applicants are reported (and pruned).
# Inputs are the shared cases copied into tests/cases/<case-name>/.
source "$(dirname "$0")/../e2e_lib.sh"
CASES=$ROOT/tests/cases
T=$E2E_TMP

# case_copy NAME: a fresh copy of tests/cases/NAME in $T/NAME; a missing case is a failure.
case_copy() {
  rm -rf "${T:?}/$1"
  if [ ! -f "$CASES/$1/job.ini" ]; then
    fail "$1: fixture $CASES/$1/job.ini is missing"
    return 1
  fi
  cp -r "$CASES/$1" "$T/$1"
}

# ---- fail-symlink-write-through: a link at applicants/<id> is refused, its target untouched ----
if case_copy fail-symlink-write-through; then
  C=$T/fail-symlink-write-through
  mkdir -p "$T/victim" "$C/out/applicants"
  echo "precious pdf" >"$T/victim/application.pdf"
  ln -s "$T/victim" "$C/out/applicants/XC-2022-001"
  (cd "$C" && "$YINFA" run job.ini --quiet) 2>"$T/err"
  rc=$?
  check "fail-symlink-write-through: run exits 3" test "$rc" -eq 3
  check "fail-symlink-write-through: the message names the link" \
    grep -q "out/applicants/XC-2022-001: error: is a symbolic link" "$T/err"
  check "fail-symlink-write-through: the link's target is untouched" \
    test "$(cat "$T/victim/application.pdf")" = "precious pdf" -a ! -e "$T/victim/review-form.pdf"
  check "fail-symlink-write-through: nothing else was written" test ! -e "$C/out/notice.pdf"
  # The same for applicants/ itself and a county folder.
  rm -rf "$C/out" && mkdir -p "$C/out" && ln -s "$T/victim" "$C/out/applicants"
  (cd "$C" && "$YINFA" run job.ini --quiet) 2>"$T/err"
  check "fail-symlink-write-through: applicants/ as a link is refused" grep -q "out/applicants: error: is a symbolic link" "$T/err"
  rm -rf "$C/out" && mkdir -p "$C/out/counties" && ln -s "$T/victim" "$C/out/counties/魏都区"
  (cd "$C" && "$YINFA" run job.ini --quiet) 2>"$T/err"
  check "fail-symlink-write-through: a county folder as a link is refused" grep -q "counties/魏都区: error: is a symbolic link" "$T/err"
  check "fail-symlink-write-through: victim folder still holds one file" test "$(ls "$T/victim" | wc -l)" -eq 1
  # verify does not vouch for a file reached through a link either.
  rm -rf "$C/out"
  (cd "$C" && "$YINFA" run job.ini --quiet)
  mv "$C/out/applicants/XC-2022-001" "$T/moved" && ln -s "$T/moved" "$C/out/applicants/XC-2022-001"
  "$YINFA" verify "$C/out" >/dev/null 2>"$T/err"
  rc=$?
  check "fail-symlink-write-through: verify refuses a document behind a link" \
    bash -c "[ $rc -eq 1 ] && grep -q 'XC-2022-001/application.pdf: error: applicant XC-2022-001: reached through a symbolic link' '$T/err'"
fi

# ---- weak-verify-reads-outside-folder: a ../ path in the manifest is refused with its line ----
if case_copy weak-verify-reads-outside-folder; then
  C=$T/weak-verify-reads-outside-folder
  (cd "$C" && "$YINFA" run job.ini --quiet)
  S=$(sha256sum /etc/hostname | cut -d' ' -f1)
  B=$(stat -c %s /etc/hostname)
  # Rewrite the manifest with the extra line and a correct closing line, so only the path is wrong.
  python3 - "$C/out/manifest.csv" "../../../../../../../../etc/hostname,notice,,1,$B,$S," <<'EOF'
import hashlib, sys
path, extra = sys.argv[1], sys.argv[2]
lines = open(path, encoding="utf-8").read().splitlines(keepends=True)
body = "".join(lines[:-1]) + extra + "\n"
n = len(lines) - 2 + 1
end = "# end of manifest: %d records, SHA-256 of the lines above %s\n" % (n, hashlib.sha256(body.encode()).hexdigest())
open(path, "w", encoding="utf-8").write(body + end)
EOF
  "$YINFA" verify "$C/out" >/dev/null 2>"$T/err"
  rc=$?
  check "weak-verify-reads-outside-folder: verify exits 1" test "$rc" -eq 1
  check "weak-verify-reads-outside-folder: the manifest line is named" \
    grep -q 'manifest.csv:9: error: the path "../../../../../../../../etc/hostname" leaves the output folder' "$T/err"
  # strace comes with `make deps` (TEST_PKGS); without it this is a failure, not a skip. The
  # trace must show verify opening the manifest, or it traced nothing.
  if ! command -v strace >/dev/null; then
    fail "weak-verify-reads-outside-folder: strace is not installed (make deps installs it)"
  else
    strace -f -e trace=openat "$YINFA" verify "$C/out" >"$T/strace.txt" 2>&1
    if ! grep -q 'openat(.*manifest.csv' "$T/strace.txt"; then
      fail "weak-verify-reads-outside-folder: the trace shows no open of manifest.csv" "$(tail -3 "$T/strace.txt")"
    elif grep -q 'openat(.*etc/hostname' "$T/strace.txt"; then
      fail "weak-verify-reads-outside-folder: /etc/hostname was opened"
    else
      pass "weak-verify-reads-outside-folder: /etc/hostname never opened"
    fi
  fi
fi

# ---- fail-verify-accepts-damaged-manifest: truncated, empty, line removed, malformed ----
if case_copy fail-verify-accepts-damaged-manifest; then
  C=$T/fail-verify-accepts-damaged-manifest
  (cd "$C" && "$YINFA" run job.ini --quiet)
  check "fail-verify-accepts-damaged-manifest: a fresh folder verifies" "$YINFA" verify "$C/out"
  cp "$C/out/manifest.csv" "$T/full.csv"
  head -c 500 "$T/full.csv" >"$C/out/manifest.csv"
  "$YINFA" verify "$C/out" >/dev/null 2>"$T/err"
  check "fail-verify-accepts-damaged-manifest: truncated manifest fails" \
    bash -c "[ $? -eq 1 ] && grep -q 'manifest.csv:[0-9]*: error: the manifest ends without its closing line' '$T/err'"
  : >"$C/out/manifest.csv"
  "$YINFA" verify "$C/out" >/dev/null 2>"$T/err"
  check "fail-verify-accepts-damaged-manifest: empty manifest fails" \
    bash -c "[ $? -eq 1 ] && grep -q 'manifest.csv:1: error: the manifest is empty' '$T/err'"
  grep -v '^applicants/XC-2022-001/application.pdf,' "$T/full.csv" >"$C/out/manifest.csv"
  echo '%PDF-1.4 forged' >"$C/out/applicants/XC-2022-001/application.pdf"
  "$YINFA" verify "$C/out" >/dev/null 2>"$T/err"
  check "fail-verify-accepts-damaged-manifest: a removed line fails, named" \
    bash -c "[ $? -eq 1 ] && grep -q 'manifest.csv:8: error: the manifest lists 6 documents but its closing line says 7' '$T/err'"
  check "fail-verify-accepts-damaged-manifest: the forged, unlisted PDF is an error" \
    grep -q 'applicants/XC-2022-001/application.pdf: error: a document no manifest lists' "$T/err"
  cp "$T/full.csv" "$C/out/manifest.csv"
  printf 'garbage\n"unterminated,\n' >>"$C/out/manifest.csv"
  "$YINFA" verify "$C/out" >/dev/null 2>"$T/err"
  check "fail-verify-accepts-damaged-manifest: lines after the end fail" \
    bash -c "[ $? -eq 1 ] && grep -q 'manifest.csv:10: error: lines after the manifest' '$T/err'"
  sed -i 's/,review-form,XC-2022-002,1,/,review-form,XC-2022-002,2,/' "$T/full.csv"
  cp "$T/full.csv" "$C/out/manifest.csv"
  "$YINFA" verify "$C/out" >/dev/null 2>"$T/err"
  check "fail-verify-accepts-damaged-manifest: an edited line fails the digest" \
    bash -c "[ $? -eq 1 ] && grep -q 'manifest.csv:9: error: the lines above do not match' '$T/err'"
fi

# ---- weak-cleanup-deletes-user-tempnames: only this run's own temporary names are swept ----
if case_copy weak-cleanup-deletes-user-tempnames; then
  C=$T/weak-cleanup-deletes-user-tempnames
  mkdir -p "$C/notes" "$C/applicants/XC-2022-001"
  echo keep >"$C/notes/.draft.txt.tmp-999999-1"
  echo keep >"$C/.notes.txt.tmp-999999-1"
  echo old >"$C/applicants/XC-2022-001/.application.pdf.tmp-999999-1"
  (cd "$C" && "$YINFA" run job.ini --quiet)
  check "weak-cleanup-deletes-user-tempnames: run succeeds" test -f "$C/manifest.csv"
  check "weak-cleanup-deletes-user-tempnames: notes/.draft.txt.tmp-999999-1 kept" test -f "$C/notes/.draft.txt.tmp-999999-1"
  check "weak-cleanup-deletes-user-tempnames: a top-level look-alike kept" test -f "$C/.notes.txt.tmp-999999-1"
  check "weak-cleanup-deletes-user-tempnames: a dead run's own temp removed" \
    test ! -e "$C/applicants/XC-2022-001/.application.pdf.tmp-999999-1"
fi

# ---- weak-stale-documents-kept: reported by run and verify, removed by --prune ----
if case_copy weak-stale-documents-kept; then
  C=$T/weak-stale-documents-kept
  (cd "$C" && "$YINFA" run job.ini --input in-before.xml --quiet)
  (cd "$C" && "$YINFA" run job.ini --input in-after.xml --quiet) 2>"$T/err"
  check "weak-stale-documents-kept: run warns about the removed applicant's documents" \
    grep -q 'applicants/XC-2022-002/application.pdf: warning: applicant XC-2022-002: left from an earlier run' "$T/err"
  "$YINFA" verify "$C/out" >/dev/null 2>"$T/err"
  check "weak-stale-documents-kept: verify fails on them" \
    bash -c "[ $? -eq 1 ] && grep -q 'XC-2022-002/review-form.pdf: error: a document no manifest lists' '$T/err'"
  (cd "$C" && "$YINFA" run job.ini --input in-after.xml --prune --quiet) 2>"$T/err"
  check "weak-stale-documents-kept: --prune removes them and their folder" test ! -e "$C/out/applicants/XC-2022-002"
  check "weak-stale-documents-kept: verify passes after --prune" "$YINFA" verify "$C/out"
fi

# ---- weak-output-option-swallows-flag: --output --quiet is a usage error ----
if case_copy weak-output-option-swallows-flag; then
  C=$T/weak-output-option-swallows-flag
  (cd "$C" && "$YINFA" run job.ini --output --quiet) >/dev/null 2>"$T/err"
  check "weak-output-option-swallows-flag: exit 2" test $? -eq 2
  check "weak-output-option-swallows-flag: no folder --quiet" test ! -e "$C/--quiet"
fi

# ---- another round's folder: not overwritten unless --prune replaces it on purpose ----
rm -rf "$T/other"
"$YINFA" run "$ROOT/samples/xuchang-2022.ini" --output "$T/other" --quiet 2>/dev/null
sha_before=$(sha256sum "$T/other/notice.pdf" "$T/other/manifest.csv")
"$YINFA" run "$ROOT/samples/hunan-2019.ini" --output "$T/other" --quiet 2>"$T/err"
rc=$?
check "another round's folder: refused (exit 1, got $rc)" test "$rc" -eq 1
check "another round's folder: says so, with a document of it and what to do" \
  grep -q "holds the documents of another round: 104 of the 106 .*applicants/XC-2022-001/application.pdf.*--prune" "$T/err"
check "another round's folder: its notice and manifest untouched" \
  test "$(sha256sum "$T/other/notice.pdf" "$T/other/manifest.csv")" = "$sha_before"
check "another round's folder: still verifies" "$YINFA" verify "$T/other"
check "another round's folder: --prune replaces it" \
  "$YINFA" run "$ROOT/samples/hunan-2019.ini" --output "$T/other" --quiet --prune
check "another round's folder: after --prune no document of the old round is left" \
  test ! -e "$T/other/applicants/XC-2022-001"
check "another round's folder: and the new one verifies" "$YINFA" verify "$T/other"

# an output folder that is a link to a folder that does not exist (a fresh user's trial: the
# message was "cannot open the lock file .yinfa.lock: No such file or directory"): it names the
# link's target and what to do, in both languages, and nothing is created at the target
ln -s "$T/nowhere" "$T/dangling"
LANG=C "$YINFA" run "$ROOT/samples/xuchang-2022.ini" --output "$T/dangling" --quiet 2>"$T/err"; rc=$?
check "a dangling link as output folder: non-zero exit ($rc)" test "$rc" -ne 0
check "... the message names the link's target and what to do" \
  grep -q "the output folder is a link to $T/nowhere, which does not exist: create that folder" "$T/err"
LANG=zh_CN.UTF-8 "$YINFA" run "$ROOT/samples/xuchang-2022.ini" --output "$T/dangling" --quiet 2>"$T/err"
check "... in Chinese under LANG=zh" grep -q "输出文件夹是指向 $T/nowhere 的链接，而该处不存在" "$T/err"
check "... nothing was made at the target" test ! -e "$T/nowhere"

# a link inside the output folder met by every document under it (a fresh user's trial: the same
# line twenty times): said once, the run still fails and writes nothing through it
mkdir -p "$T/linked" "$T/victim2"
ln -s "$T/victim2" "$T/linked/applicants"
"$YINFA" run "$ROOT/samples/xuchang-2022.ini" --output "$T/linked" --quiet 2>"$T/err"; rc=$?
check "a link at applicants/: non-zero exit ($rc)" test "$rc" -ne 0
check "... said once ($(grep -c 'applicants: error: is a symbolic link' "$T/err"))" \
  test "$(grep -c 'applicants: error: is a symbolic link' "$T/err")" -eq 1
check "... nothing written through it" test -z "$(ls -A "$T/victim2")"

finish
