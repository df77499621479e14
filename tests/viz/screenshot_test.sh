#!/bin/sh
# Headless screenshot tests of dsim-viz, run by ctest under xvfb-run with Mesa's software renderer.
#   screenshot_test.sh DSIM_VIZ PNG_CHECK TRACE WORK_DIR CASE
# CASE: renders (size and not blank), moments-differ, live-scenario SCENARIO, acted-on SCENARIO,
#       bad-act SCENARIO, browser SCENARIOS_DIR, bad-trace, truncated-trace
set -u
viz=$1; check=$2; trace=$3; work=$4; case=$5
mkdir -p "$work"
export LIBGL_ALWAYS_SOFTWARE=1
shot() { xvfb-run -a -s "-screen 0 1920x1080x24" "$viz" "$@"; }

case "$case" in
  renders)
    shot "$trace" --screenshot "$work/at-3s.png" --at 3s --size 1000x640 || exit 1
    "$check" size "$work/at-3s.png" 1000 640 || exit 1
    "$check" colours "$work/at-3s.png" 12 || exit 1
    ;;
  moments-differ)
    shot "$trace" --screenshot "$work/early.png" --at 0.5s --size 900x600 || exit 1
    shot "$trace" --screenshot "$work/late.png" --at 4s --size 900x600 || exit 1
    "$check" differ "$work/early.png" "$work/late.png" || exit 1
    ;;
  live-scenario)
    shot "$6" --screenshot "$work/live.png" --at 2s --size 800x500 || exit 1
    "$check" size "$work/live.png" 800 500 || exit 1
    "$check" colours "$work/live.png" 12 || exit 1
    ;;
  acted-on)
    # The same moment with and without a crash and a partition made by --act must differ.
    shot "$6" --screenshot "$work/plain.png" --at 2.5s --size 800x500 || exit 1
    shot "$6" --screenshot "$work/broken.png" --at 2.5s --size 800x500 --act "1s crash n0" --act "2s partition n1,n2" || exit 1
    "$check" size "$work/broken.png" 800 500 || exit 1
    "$check" differ "$work/plain.png" "$work/broken.png" || exit 1
    ;;
  bad-act)
    shot "$6" --screenshot "$work/bad-act.png" --act "1s crash n9" 2> "$work/bad-act.err"
    code=$?
    cat "$work/bad-act.err"
    [ "$code" -eq 2 ] || { echo "expected exit 2, got $code"; exit 1; }
    grep -q 'no node named "n9"' "$work/bad-act.err" || exit 1
    shot "$trace" --screenshot "$work/trace-act.png" --act "1s crash n0" 2> "$work/trace-act.err"
    code=$?
    cat "$work/trace-act.err"
    [ "$code" -eq 2 ] || { echo "expected exit 2 for --act on a trace, got $code"; exit 1; }
    grep -q "read-only" "$work/trace-act.err" || exit 1
    ;;
  browser)
    # No FILE: the scenario browser, listing the folder given with --scenarios.
    shot --scenarios "$6" --screenshot "$work/browser.png" --size 900x600 || exit 1
    "$check" size "$work/browser.png" 900 600 || exit 1
    "$check" colours "$work/browser.png" 12 || exit 1
    ;;
  bad-trace)
    printf '{"format":"dsim-trace","version":1}\nnot json at all\n' > "$work/bad.jsonl"
    shot "$work/bad.jsonl" --screenshot "$work/bad.png" 2> "$work/bad.err"
    code=$?
    cat "$work/bad.err"
    [ "$code" -eq 2 ] || { echo "expected exit 2, got $code"; exit 1; }
    [ "$(wc -l < "$work/bad.err")" -eq 1 ] || { echo "expected one line on stderr"; exit 1; }
    grep -q "bad.jsonl" "$work/bad.err" || exit 1
    [ ! -e "$work/bad.png" ] || { echo "no image expected"; exit 1; }
    ;;
  truncated-trace)
    head -n 200 "$trace" > "$work/cut.jsonl"
    shot "$work/cut.jsonl" --screenshot "$work/cut.png" --at 1s --size 640x400 2> "$work/cut.err" || exit 1
    grep -q "cut short" "$work/cut.err" || { echo "expected a warning"; cat "$work/cut.err"; exit 1; }
    "$check" size "$work/cut.png" 640 400 || exit 1
    ;;
  *) echo "unknown case $case"; exit 2 ;;
esac
