#!/bin/bash
# make bench-instr (and the end of make bench): instructions per document, counted by valgrind's
# callgrind, so a change is judged by a figure that does not move with the machine's load
# (issue 24). Two figures:
#  - review forms (xuchang-nit 附件3): two runs of --only review-form, BENCH_INSTR_SMALL (20) and
#    BENCH_INSTR_APPLICANTS (200) applicants of a gen_round round, one worker each; the slope
#    between them is the cost of one more form, per stage (tools/cg_stages.py);
#  - the whole sample round (samples/xuchang-2022.ini, every document kind): the worker's
#    instructions divided by its documents (the worker's once-costs included).
# Only the worker is counted (callgrind zeroes its counters where the forked worker starts,
# prctl()); the parent's setup (reading the round, loading and hashing the fonts) is per run.
# SHA-256 is reported apart: valgrind hides the CPU's SHA extensions (about 4x fewer natively).
# BENCH_INSTR_BODY=path[:index] sets the body font (the issue's figures were taken on Noto Serif
# CJK SC: BENCH_INSTR_BODY=/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc:2).
set -u
cd "$(dirname "$0")/.." || exit 3
BUILD=${BUILD:-build}
YINFA="$PWD/$BUILD/yinfa"
GEN="$PWD/$BUILD/tools/gen_round"
SMALL=${BENCH_INSTR_SMALL:-20}
LARGE=${BENCH_INSTR_APPLICANTS:-200}
command -v valgrind >/dev/null || { echo "bench-instr: valgrind is missing (apt-get install valgrind)" >&2; exit 3; }
for tool in "$GEN" "$YINFA"; do
  [ -x "$tool" ] || { echo "bench-instr: $tool is missing; run 'make' first" >&2; exit 3; }
done
work=$(mktemp -d /tmp/yinfa-bench-instr.XXXXXX)
if [ "${BENCH_KEEP:-0}" = 1 ]; then echo "bench-instr: keeping $work"; else trap 'rm -rf "$work"' EXIT; fi

# profile NAME INI ARGS...: runs yinfa under callgrind with one worker; leaves $work/NAME.cg (the
# worker's profile) and prints the number of documents written
profile() {
  local name=$1 ini=$2; shift 2
  local d="$work/$name"
  mkdir -p "$d"
  SOURCE_DATE_EPOCH=1651795200 valgrind --tool=callgrind --zero-before=prctl --log-file="$d/vg.%p" \
    --callgrind-out-file="$d/cg.%p" "$YINFA" run "$ini" --output "$d/out" --jobs 1 --force --quiet "$@" \
    >"$d/stdout" 2>"$d/stderr" || { echo "bench-instr: yinfa run failed ($name):" >&2; tail -5 "$d/stderr" >&2; return 1; }
  local main
  main=$(ls "$d"/vg.* | head -1 | sed 's/.*vg\.//')
  main=$(grep -m1 -o '^==[0-9]*==' "$d/vg.$main" | tr -d =)
  local workers=() f
  for f in "$d"/cg.*; do [ "${f##*.}" != "$main" ] && workers+=("$f"); done
  [ "${#workers[@]}" -eq 1 ] || { echo "bench-instr: expected one worker profile in $d, found ${#workers[@]}" >&2; return 1; }
  mv "${workers[0]}" "$work/$name.cg"
  find "$d/out" -name '*.pdf' | wc -l
}

total_of() { grep -m1 '^summary:' "$1" | awk '{ print $2 }'; }

ini_for() { # round.xml → an INI of the sample with that input (BENCH_INSTR_BODY: the body font)
  sed -e "s|^\(input *= *\).*|\1$1|" samples/xuchang-2022.ini >"$2"
  sed -i -E "s#^(title|body|heading|kai|song)( *= *)([^/;].*)\$#\1\2$PWD/samples/\3#" "$2"
  [ -z "${BENCH_INSTR_BODY:-}" ] || sed -i "s|^\[fonts\]|[fonts]\nbody = $BENCH_INSTR_BODY|" "$2"
}

echo "bench-instr: callgrind, one worker; review forms of $SMALL and $LARGE applicants, then the xuchang sample round"
for n in "$SMALL" "$LARGE"; do
  "$GEN" --applicants "$n" --seed 1 --output "$work/round-$n.xml" || exit 3
  ini_for "$work/round-$n.xml" "$work/round-$n.ini"
done
da=$(profile forms-small "$work/round-$SMALL.ini" --only review-form) || exit 1
db=$(profile forms-large "$work/round-$LARGE.ini" --only review-form) || exit 1
echo "review forms ($da and $db documents; per document = the slope between the two runs):"
python3 tools/cg_stages.py "$work/forms-small.cg" "$work/forms-large.cg" "$da" "$db" || exit 1
bytes=$(find "$work/forms-large/out" -name '*.pdf' -printf '%s\n' | awk '{ s += $1; n++ } END { printf "%.1f", s / n / 1024 }')
echo "  bytes per review form: $bytes KB"

ini_for "$PWD/samples/$(sed -n 's/^input *= *//p' samples/xuchang-2022.ini)" "$work/sample.ini"
ds=$(profile sample "$work/sample.ini") || exit 1
ts=$(total_of "$work/sample.cg")
sb=$(find "$work/sample/out" -name '*.pdf' -printf '%s\n' | awk '{ s += $1 } END { print s }')
echo "whole sample round (xuchang-2022, $ds documents): $(awk -v t="$ts" -v d="$ds" 'BEGIN { printf "%.2f", t / d / 1e6 }') M instructions per document (the worker's once-costs included), $(awk -v b="$sb" -v d="$ds" 'BEGIN { printf "%.1f", b / d / 1024 }') KB per document"
