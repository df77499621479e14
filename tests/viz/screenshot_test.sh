#!/bin/sh
# Headless screenshot tests of dsim-viz, run by ctest under xvfb-run with Mesa's software renderer.
#   screenshot_test.sh DSIM_VIZ PNG_CHECK TRACE WORK_DIR CASE
# CASE: renders (size and not blank), moments-differ, live-scenario SCENARIO, acted-on SCENARIO,
#       bad-act SCENARIO, browser SCENARIOS_DIR, bad-options, check-focus SCENARIO, bad-trace, truncated-trace
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
  bad-options)
    # Numbers out of range, a moment past the run's end and a PNG in no folder: one line, exit 2
    # (exit 1 is kept for "no display").
    for args in "--scale 0" "--at 99s" "--check-failure 1" "--size 2x2"; do
      # shellcheck disable=SC2086
      shot "$trace" --screenshot "$work/bad-option.png" $args 2> "$work/bad-option.err"
      code=$?
      cat "$work/bad-option.err"
      [ "$code" -eq 2 ] || { echo "expected exit 2 for $args, got $code"; exit 1; }
      [ "$(wc -l < "$work/bad-option.err")" -eq 1 ] || { echo "expected one line on stderr for $args"; exit 1; }
      grep -q "^dsim-viz: " "$work/bad-option.err" || exit 1
    done
    shot "$trace" --screenshot /no/such/dir/x.png 2> "$work/no-dir.err"
    code=$?
    cat "$work/no-dir.err"
    [ "$code" -eq 2 ] || { echo "expected exit 2 for an unwritable PNG, got $code"; exit 1; }
    grep -q "/no/such/dir" "$work/no-dir.err" || exit 1
    [ ! -e "$work/bad-option.png" ] || { echo "a refused option still wrote a PNG"; exit 1; }
    ;;
  check-focus)
    # Jumping to a check failure highlights its evidence: the same moment differs with the focus.
    shot "$6" --check-failure 1 --screenshot "$work/focus.png" --size 1280x800 || exit 1
    "$check" size "$work/focus.png" 1280 800 || exit 1
    shot "$6" --check-failure 2 --screenshot "$work/focus2.png" --size 1280x800 || exit 1
    "$check" differ "$work/focus.png" "$work/focus2.png" || exit 1
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
