#!/bin/sh
# Broken variants are patches against the solution (docs/labs.md, "Writing a broken variant"). This
# checks the three promises the build makes about them, on scratch copies (never the source tree):
#   1. a patch that no longer applies stops the build with an error naming the lab and the variant;
#   2. scripts/lab-variant-patch turns a full copy into a patch that gives the copy back exactly;
#   3. (Ninja builds) a variant's generated source depends on the solution's files and the patch,
#      so editing either rebuilds the variant.
# usage: variant_patch_test.sh SOURCE_DIR BUILD_DIR CMAKE PATCH NINJA_OR_EMPTY
set -u
source_dir=$1 build_dir=$2 cmake=$3 patch_program=$4 ninja=${5:-}
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

# 1. lab 1's solution, with the lines forward-once removes changed: its patch no longer applies.
mkdir -p "$scratch/stale/solution"
cp "$source_dir"/labs/01-broadcast/solution/* "$scratch/stale/solution/"
sed -i 's/  ctx.sync();/  ctx.sync();  \/\/ edited since the patch was written/' "$scratch/stale/solution/server.cc"
if "$cmake" -DLAB=01-broadcast -DVARIANT=forward-once -DSOLUTION="$scratch/stale/solution" \
     -DPATCH_FILE="$source_dir/labs/01-broadcast/broken/forward-once.patch" -DOUT="$scratch/stale/out" \
     -DPATCH_PROGRAM="$patch_program" -P "$source_dir/labs/common/apply_variant.cmake" > "$scratch/stale.log" 2>&1; then
  fail "a stale patch applied without error"
fi
grep -q "lab 01-broadcast, broken variant 'forward-once'" "$scratch/stale.log" || fail "the error does not name the lab and the variant"
grep -q "no longer applies" "$scratch/stale.log" || fail "the error does not say the patch no longer applies"
grep -q "scripts/lab-variant-patch labs/01-broadcast/broken/forward-once.cc" "$scratch/stale.log" || fail "the error does not say how to rewrite it"
[ ! -e "$scratch/stale/out" ] || fail "a failed patch left a half-made variant behind"
# The unchanged solution takes the same patch.
"$cmake" -DLAB=01-broadcast -DVARIANT=forward-once -DSOLUTION="$source_dir/labs/01-broadcast/solution" \
  -DPATCH_FILE="$source_dir/labs/01-broadcast/broken/forward-once.patch" -DOUT="$scratch/fresh" \
  -DPATCH_PROGRAM="$patch_program" -P "$source_dir/labs/common/apply_variant.cmake" > "$scratch/fresh.log" 2>&1 ||
  fail "forward-once.patch does not apply to today's solution: $(cat "$scratch/fresh.log")"
grep -q "BROKEN: no retransmission" "$scratch/fresh/server.cc" 2>/dev/null || fail "the patched copy lacks the variant's change"

# 2. The converter, in a scratch git-less tree shaped like labs/.
lab="$scratch/tree/labs/01-broadcast"
mkdir -p "$lab/solution" "$lab/broken"
cp "$source_dir"/labs/01-broadcast/solution/* "$lab/solution/"
sed 's/if (peer != ctx.self()) unacked_\[peer\].insert(value);/(void)peer;  \/\/ BROKEN: test variant/' \
  "$lab/solution/server.cc" > "$lab/broken/test-variant.cc"
cp "$lab/broken/test-variant.cc" "$scratch/expected.cc"
(cd "$scratch/tree" && "$source_dir/scripts/lab-variant-patch" labs/01-broadcast/broken/test-variant.cc > "$scratch/convert.log" 2>&1) ||
  fail "lab-variant-patch failed: $(cat "$scratch/convert.log")"
[ -f "$lab/broken/test-variant.patch" ] || fail "lab-variant-patch wrote no patch"
[ ! -e "$lab/broken/test-variant.cc" ] || fail "lab-variant-patch left the full copy behind"
"$cmake" -DLAB=01-broadcast -DVARIANT=test-variant -DSOLUTION="$lab/solution" -DPATCH_FILE="$lab/broken/test-variant.patch" \
  -DOUT="$scratch/converted" -DPATCH_PROGRAM="$patch_program" -P "$source_dir/labs/common/apply_variant.cmake" > /dev/null 2>&1 ||
  fail "the converted patch does not apply"
cmp -s "$scratch/converted/server.cc" "$scratch/expected.cc" || fail "the converted patch does not give back the copy"
# A copy identical to the solution is refused: a variant needs a mistake.
cp "$lab/solution/server.cc" "$lab/broken/same.cc"
if (cd "$scratch/tree" && "$source_dir/scripts/lab-variant-patch" labs/01-broadcast/broken/same.cc > /dev/null 2>&1); then
  fail "lab-variant-patch accepted an unchanged copy"
fi

# 3. The build graph: the generated source is rebuilt when the solution or the patch changes.
if [ -n "$ninja" ]; then
  inputs=$("$ninja" -C "$build_dir" -t query labs/variants/01-broadcast/forward-once/server.cc)
  for input in labs/01-broadcast/solution/server.cc labs/01-broadcast/solution/server.h labs/01-broadcast/broken/forward-once.patch; do
    echo "$inputs" | grep -q "$source_dir/$input" || fail "the generated forward-once/server.cc does not depend on $input"
  done
fi

[ "$failures" -eq 0 ] && echo "variant patches: all checks passed"
exit "$failures"
