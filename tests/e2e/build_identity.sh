#!/bin/bash
# A yinfa built from other sources makes every document again (issue 22 §1): the build identity
# (core/build.h, tools/build-id.sh) is a hash of what the binary is built from, in every
# document's fingerprint, printed by --version and written on the manifest's closing line.
# The test copies the checkout's sources and this build's objects into a scratch tree, builds
# yinfa there (nothing recompiles), runs the sample, changes one line of src/layout/flow.c,
# builds again (one file recompiles) and runs into the same folder: everything is made again.
source "$(dirname "$0")/../e2e_lib.sh"
B=${YINFA_BUILD:-build}
W=$E2E_TMP/tree
OUT=$E2E_TMP/out

if [ ! -d "$ROOT/$B/obj" ] || [ ! -f "$ROOT/$B/gen/cflags" ]; then
  fail "$B/obj and $B/gen/cflags are missing: build first (make all)"
  finish
  exit
fi
mkdir -p "$W/$B"
cp -a "$ROOT/Makefile" "$ROOT/src" "$ROOT/tools" "$W/"
cp -a "$ROOT/$B/obj" "$ROOT/$B/gen" "$W/$B/"
for d in templates fonts data samples; do ln -s "$ROOT/$d" "$W/$d"; done
cflags=$(cat "$ROOT/$B/gen/cflags")

build() { (cd "$W" && nice make --no-print-directory BUILD="$B" CFLAGS="$cflags" "$B/yinfa") >"$E2E_TMP/make.log" 2>&1; }
id_of() { "$1" --version | sed -n 's/.*(build \([0-9a-f]*\))$/\1/p'; }

check "the copy builds" build
check "the copy compiled nothing: the objects were reused" bash -c "! grep -q -- ' -c src/' '$E2E_TMP/make.log'"
id0=$(id_of "$YINFA")
id1=$(id_of "$W/$B/yinfa")
check "--version prints a build identity ($id1)" test "${#id1}" -eq 16
check "the same sources give the same identity ($id0)" test "$id1" = "$id0"

run() { (cd "$ROOT" && "$W/$B/yinfa" run samples/xuchang-2022.ini --output "$OUT" --only notice,summary,review-form) 2>&1; }
run >"$E2E_TMP/run1.log"
check "first run writes everything" grep -qE '^[0-9]+ documents: ([0-9]+) written, 0 unchanged, 0 failed' "$E2E_TMP/run1.log"
total=$(sed -n 's/^\([0-9]*\) documents: .*/\1/p' "$E2E_TMP/run1.log")
run >"$E2E_TMP/run2.log"
check "a re-run with the same binary writes nothing ($total unchanged)" \
  grep -q "^$total documents: 0 written, $total unchanged, 0 failed" "$E2E_TMP/run2.log"
check "the manifest names the build" grep -q "^# end of manifest: .*, by yinfa [0-9.]* build $id1\$" "$OUT/manifest.csv"

# One line more in the layout: another binary, another identity, every document made again.
echo "/* a one-line change (tests/e2e/build_identity.sh) */" >>"$W/src/layout/flow.c"
check "the changed copy builds" build
check "only the changed file recompiled" test "$(grep -c -- ' -c src/' "$E2E_TMP/make.log")" -eq 1
id2=$(id_of "$W/$B/yinfa")
check "another identity after the change ($id2)" bash -c "[ '${#id2}' -eq 16 ] && [ '$id2' != '$id1' ]"
run >"$E2E_TMP/run3.log"
check "the new binary makes every document again ($total written, 0 unchanged)" \
  grep -q "^$total documents: $total written, 0 unchanged, 0 failed" "$E2E_TMP/run3.log"
check "the manifest names the new build" grep -q "build $id2\$" "$OUT/manifest.csv"
"$W/$B/yinfa" verify "$OUT" >/dev/null 2>&1
check "the folder verifies" test $? -eq 0
finish
