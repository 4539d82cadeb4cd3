#!/bin/bash
# The command line itself: --version, --help naming every option (in both languages), and exit
# status 2 for every kind of usage error.
source "$(dirname "$0")/../e2e_lib.sh"
check "version prints a version" bash -c "'$YINFA' --version | grep -q '^yinfa [0-9]'"

help=$("$YINFA" --help); rc=$?
check "--help exits 0" test "$rc" -eq 0
for opt in run validate verify --input --output --jobs --force --quiet --verbose --shard --program \
           --help --version "Exit status"; do
  check "--help mentions $opt" grep -q -e "$opt" <<<"$help"
done
check "--help in Chinese under LANG=zh_CN.UTF-8" bash -c "LANG=zh_CN.UTF-8 '$YINFA' --help | grep -q '用法'"
check "run --help also helps" bash -c "'$YINFA' run --help | grep -q -e '--shard'"

usage_exit() { # name, args...: expects exit 2 and a hint on stderr
  local name=$1; shift
  "$YINFA" "$@" >/dev/null 2>"$E2E_TMP/err"; local rc=$?
  if [ "$rc" -eq 2 ] && grep -q "yinfa --help" "$E2E_TMP/err"; then pass "$name"
  else fail "$name" "exit $rc: $(head -2 "$E2E_TMP/err")"; fi
}
usage_exit "no command exits 2"
usage_exit "unknown command exits 2" frobnicate
usage_exit "run without CONFIG exits 2" run
usage_exit "run with an unknown option exits 2" run x.ini --colour
usage_exit "run with two configs exits 2" run a.ini b.ini
usage_exit "--jobs -1 exits 2" run x.ini --jobs -1
usage_exit "--jobs 257 exits 2" run x.ini --jobs 257
usage_exit "--jobs abc exits 2" run x.ini --jobs abc
usage_exit "--shard 3/2 exits 2" run x.ini --shard 3/2
usage_exit "--shard 0/2 exits 2" run x.ini --shard 0/2
usage_exit "--shard x exits 2" run x.ini --shard x
usage_exit "--input without a value exits 2" run x.ini --input
usage_exit "validate without FILE exits 2" validate
usage_exit "validate --program without NAME exits 2" validate f.xml --program
usage_exit "verify without OUTDIR exits 2" verify
# --jobs 0 is one worker per CPU, as [output] jobs = 0 is
rm -rf "$E2E_TMP/j0"
check "--jobs 0 runs with one worker per CPU" "$YINFA" run "$ROOT/samples/xuchang-2022.ini" --output "$E2E_TMP/j0" --jobs 0 --quiet
finish
