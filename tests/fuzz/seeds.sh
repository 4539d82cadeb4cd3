#!/bin/bash
# seeds.sh TARGET DIR: fills DIR with the seed inputs of fuzz target TARGET, taken from the
# project's live files so that seeds never go stale: the template fuzzer gets every program's
# templates (templates/*/*.xml), the INI fuzzer every INI file yinfa reads (samples, the font
# map, the test cases' job.ini). Other targets keep tests/fuzz/seeds-TARGET/.
set -e
cd "$(dirname "$0")/../.."
target=$1 dir=$2
mkdir -p "$dir"
case $target in
  fuzz_template) files=(templates/*/*.xml) ;;
  fuzz_ini) files=(samples/*.ini fonts/fontmap.ini tests/cases/*/job.ini) ;;
  *) files=(tests/fuzz/seeds-"$target"/*) ;;
esac
n=0
for f in "${files[@]}"; do
  [ -f "$f" ] || continue
  cp "$f" "$dir/$(echo "$f" | tr '/' '_')"
  n=$((n + 1))
done
if [ "$n" -eq 0 ]; then
  echo "seeds.sh: no seed files for $target" >&2
  exit 1
fi
