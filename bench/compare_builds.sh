#!/bin/bash
# Whole rounds side by side (issue 24): `make bench`'s mix (a gen_round round, the xuchang
# sample INI, every document of it) made by this build and by a build of another commit, in one
# run on one machine, so that load and machine cancel out of the ratio. PDF only: the run's PDFs
# are counted, its CPU seconds are all of it (GNU time, user+sys, the workers included).
#
#   git worktree add /tmp/bc0 bc0f61e && (cd /tmp/bc0 && nice make -j2 all)   # never committed
#   bench/compare_builds.sh /tmp/bc0
#
# Each build runs from its own tree (its own templates, samples/xuchang-2022.ini, fontmap) on the
# same round.xml (this tree's gen_round). Two font settings: "own" (each build's free defaults)
# and "noto" (Noto Serif/Sans CJK SC named for the body, title and heading roles in both, the
# same fonts on both sides). The builds take turns (base, this; then this, base; ...) so that a
# change of load during the run falls on both.
# Environment: BENCH_APPLICANTS (2000), BENCH_SEED (1), BENCH_JOBS (nproc), BENCH_REPS (2),
# BENCH_FONTS ("own noto"), BUILD (build), BENCH_KEEP=1 keeps the work folder.
set -u
cd "$(dirname "$0")/.." || exit 3
base=${1:?usage: bench/compare_builds.sh BASE_TREE (a built worktree of the other commit)}
base=$(cd "$base" && pwd) || exit 3
this=$PWD
BUILD=${BUILD:-build}
N=${BENCH_APPLICANTS:-2000}
SEED=${BENCH_SEED:-1}
JOBS=${BENCH_JOBS:-$(nproc)}
REPS=${BENCH_REPS:-2}
for t in "$base/$BUILD/yinfa" "$this/$BUILD/yinfa" "$this/$BUILD/tools/gen_round"; do
  [ -x "$t" ] || { echo "compare_builds: $t is missing; build it first" >&2; exit 3; }
done
work=$(mktemp -d /tmp/yinfa-compare.XXXXXX)
if [ "${BENCH_KEEP:-0}" = 1 ]; then echo "compare_builds: keeping $work"; else trap 'rm -rf "$work"' EXIT; fi
"$this/$BUILD/tools/gen_round" --applicants "$N" --seed "$SEED" --output "$work/round.xml" || exit 3

NOTO_SERIF=/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc:2
# ini TREE FONTS OUT: the tree's sample INI with the round and output replaced
ini() {
  local tree=$1 fonts=$2 out=$3 f
  f="$work/$(basename "$tree")-$fonts.ini"
  sed -e "s|^\(input *= *\).*|\1$work/round.xml|" -e "s|^\(output *= *\).*|\1$out|" \
    "$tree/samples/xuchang-2022.ini" >"$f"
  sed -i -E "s#^(title|body|heading|kai|song)( *= *)([^/;].*)\$#\1\2$tree/samples/\3#" "$f"
  if [ "$fonts" = noto ]; then
    sed -i '/^\[fonts\]/,$d' "$f"
    printf '[fonts]\nbody = %s\ntitle = /usr/share/fonts/opentype/noto/NotoSerifCJK-Bold.ttc:2\nheading = /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc:2\n' \
      "$NOTO_SERIF" >>"$f"
  fi
  echo "$f"
}

# one TREE FONTS LABEL: prints "LABEL FONTS docs pages wall cpu peakMiB"
one() {
  local tree=$1 fonts=$2 label=$3 out f
  out="$work/out-$label-$fonts"
  rm -rf "$out"
  f=$(ini "$tree" "$fonts" "$out")
  (cd "$tree" && SOURCE_DATE_EPOCH=1651795200 /usr/bin/time -f "%e %U %S %M" -o "$work/time" \
    "$tree/$BUILD/yinfa" run "$f" --jobs "$JOBS" --force --quiet >"$work/log" 2>&1) ||
    { echo "compare_builds: $label ($fonts) failed:" >&2; tail -5 "$work/log" >&2; return 1; }
  local docs pages
  docs=$(find "$out" -name '*.pdf' | wc -l)
  pages=$(grep -v -e '^path,' -e '^#' "$out/manifest.csv" | awk -F, '$1 ~ /\.pdf$/ { s += $(NF-4) } END { print s + 0 }')
  read -r wall user sys kib <"$work/time"
  echo "$label $fonts $docs $pages $wall $(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.2f", u + s }') $((kib / 1024))"
}

echo "compare_builds: $N applicants, seed $SEED, --jobs $JOBS, $REPS turns each, $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "  base: $base ($(git -C "$base" log -1 --format=%h 2>/dev/null))   this: $this ($(git log -1 --format=%h))"
printf "%-6s %-5s %6s %6s %7s %7s %9s %9s %6s\n" build fonts docs pages wall_s cpu_s docs/s docs/cpu-s MiB
for fonts in ${BENCH_FONTS:-own noto}; do
  : >"$work/rows"
  for ((r = 0; r < REPS; r++)); do
    order="base this"; [ $((r % 2)) -eq 1 ] && order="this base"
    for who in $order; do
      tree=$base; [ "$who" = this ] && tree=$this
      row=$(one "$tree" "$fonts" "$who") || exit 1
      echo "$row" >>"$work/rows"
      echo "$row" | awk '{ printf "%-6s %-5s %6d %6d %7.2f %7.2f %9.1f %9.1f %6d\n", $1, $2, $3, $4, $5, $6, $3 / $5, $3 / $6, $7 }'
    done
  done
  awk -v fonts="$fonts" '{ d[$1] += $3; c[$1] += $6 }
    END { b = d["base"] / c["base"]; t = d["this"] / c["this"];
          printf "%s fonts: base %.1f, this %.1f documents per CPU-second: %.2fx\n", fonts, b, t, t / b }' "$work/rows"
done
