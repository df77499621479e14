#!/usr/bin/env bash
# Runs the dsim binary as a user would and checks exit codes, output and written files.
# usage: cli_test.sh path/to/dsim source-dir
set -u
dsim="$1"
src="$2"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$src"
failures=0
passes=0

expect_exit() {  # expect_exit CODE DESCRIPTION -- command...
  local want="$1" what="$2"; shift 3
  "$@" >"$work/out" 2>"$work/err"
  local got=$?
  if [ "$got" -ne "$want" ]; then
    echo "FAIL: $what: exit $got, expected $want"; sed 's/^/  | /' "$work/out" "$work/err" | head -20
    failures=$((failures + 1))
  else
    passes=$((passes + 1))
  fi
}

expect_text() {  # expect_text FILE TEXT DESCRIPTION
  if grep -qF -- "$2" "$1"; then passes=$((passes + 1)); else
    echo "FAIL: $3: '$2' not found in $1"; sed 's/^/  | /' "$1" | head -20; failures=$((failures + 1))
  fi
}

# A passing run: exit 0, a readable verdict, trace, metrics and JSON written.
expect_exit 0 "run of a healthy scenario" -- "$dsim" run broadcast/lossy-links --trace "$work/t.jsonl" \
  --metrics "$work/m.csv" --json "$work/s.json"
expect_text "$work/out" "Result: PASS" "run prints its verdict"
expect_text "$work/out" "PASS  all_delivered" "run lists each check"
expect_text "$work/t.jsonl" '"format":"dsim-trace"' "the trace starts with its header"
expect_text "$work/m.csv" "kind,name,node,time_s,value" "the metrics CSV has its header"
expect_text "$work/s.json" '"passed": true' "the JSON summary has the verdict"

# A failing run: exit 1 and the replay command.
expect_exit 1 "run of a scenario whose check fails" -- "$dsim" run broadcast/flood-only-loss
expect_text "$work/out" "Result: FAIL" "a failing run says so"
expect_text "$work/out" "Replay: $dsim run" "a failing run prints the command that replays it, with dsim as invoked"

# The replay command printed by a failing run runs as printed and reproduces the same verdict.
replay="$(grep '^Replay: ' "$work/out" | sed 's/^Replay: //; s/--trace [^ ]*$/--trace '"${work//\//\\/}"'\/replay.jsonl/')"
expect_exit 1 "the printed replay command fails the same way" -- bash -c "$replay"
expect_text "$work/replay.jsonl" '"e":"end"' "the replay writes a complete trace"

# dsim check re-judges a saved trace and agrees with the run; a changed recorded verdict is caught.
expect_exit 1 "run of figure8-bug with a trace" -- "$dsim" run raft/figure8-bug --trace "$work/f8.jsonl"
expect_exit 1 "check of a failing run's trace fails too" -- "$dsim" check "$work/f8.jsonl" --json "$work/check.json"
expect_text "$work/out" "FAIL  state_machine_safety" "check prints the re-judged verdicts"
expect_text "$work/out" "Same verdicts as the run recorded (5 of 5 checks compared)." "check agrees with the run"
expect_text "$work/check.json" '"same_as_run": true' "check --json says it agrees"
expect_exit 0 "check of one passing check" -- "$dsim" check "$work/f8.jsonl" --check log_matching
expect_text "$work/out" "Result: PASS" "check --check judges only that check"
sed 's/"check":"log_matching","verdict":"pass"/"check":"log_matching","verdict":"fail"/; s/"check":"election_safety","verdict":"pass","violations":\[\]/"check":"election_safety","verdict":"fail","violations":[{"at_us":1,"nodes":[0],"message":"x"}]/' \
  "$work/f8.jsonl" > "$work/tampered.jsonl"
expect_exit 1 "check of a trace whose recorded verdict was changed" -- "$dsim" check "$work/tampered.jsonl"
expect_text "$work/out" "DIFFERENT from the verdicts the run recorded" "check reports a disagreement"
expect_text "$work/out" "election_safety: the run recorded FAIL (1 violation), re-judged PASS" "check names the disagreeing check"
expect_exit 2 "check of an unknown check" -- "$dsim" check "$work/f8.jsonl" --check nosuch
expect_text "$work/err" "raft has no such check; its checks are election_safety" "check lists the protocol's checks"
expect_exit 2 "check of a scenario file" -- "$dsim" check scenarios/raft/leader-crash.json
expect_text "$work/err" "not a dsim trace" "check refuses what is not a trace"
# Clocks on any run (--clocks): the trace carries them, clock_order judges them, dsim check agrees.
expect_exit 0 "run with vector clocks" -- "$dsim" run broadcast/happy-path --clocks vector --trace "$work/vc.jsonl"
expect_text "$work/out" "PASS  clock_order" "a run with clocks has the clock_order check"
expect_text "$work/vc.jsonl" '"vc":{' "the trace carries vector clocks"
expect_exit 0 "check of a trace with clocks" -- "$dsim" check "$work/vc.jsonl"
expect_text "$work/out" "PASS  clock_order" "check re-judges the clocks"
expect_exit 2 "run with an unknown clock mode" -- "$dsim" run broadcast/happy-path --clocks vectors
expect_text "$work/err" 'expected "off", "lamport" or "vector", found "vectors"' "a wrong clock mode is named"
# dsim export shiviz: two lines per event after the parser expression; bad input is one line, exit 2.
expect_exit 0 "export of a trace as a ShiViz log" -- "$dsim" export shiviz "$work/vc.jsonl" --out "$work/vc.shiviz"
expect_text "$work/vc.shiviz" '(?<event>.*)\n(?<host>\S*) (?<clock>{.*})' "the log starts with ShiViz's default expression"
expect_text "$work/vc.shiviz" 'n0 {"n0": ' "a host line names the node and its clock"
expect_exit 2 "export in an unknown format" -- "$dsim" export dot "$work/vc.jsonl" --out "$work/x"
expect_text "$work/err" 'unknown format "dot"; the formats are: shiviz' "an unknown export format is named"
expect_exit 2 "export of a file that is not a trace" -- "$dsim" export shiviz scenarios/raft/leader-crash.json --out "$work/x"
# An undecided run (a linearizability search out of budget): exit 3, its own verdict, a replay line.
expect_exit 3 "run whose check cannot decide" -- "$dsim" run raft/random-faults --set workload.linearizable_budget=5 \
  --json "$work/u.json"
expect_text "$work/out" "UNDECIDED  linearizable" "an undecided check is listed as such"
expect_text "$work/out" "the search ran out of its budget of 5 states" "an undecided check says why"
expect_text "$work/out" "Result: UNDECIDED" "an undecided run says so"
expect_text "$work/out" "Replay: $dsim run" "an undecided run prints the command that replays it"
expect_text "$work/u.json" '"verdict": "undecided"' "the JSON summary has the undecided verdict"
expect_text "$work/u.json" '"passed": false' "an undecided run is not passed in the JSON summary"
expect_exit 3 "run -q of an undecided run" -- "$dsim" run raft/random-faults --set workload.linearizable_budget=5 -q
expect_text "$work/out" "raft/random-faults seed 1: UNDECIDED" "--quiet prints the undecided verdict"

# --explain narrates as it goes.
expect_exit 0 "run --explain" -- "$dsim" run broadcast/healing-partition --explain
expect_text "$work/out" "! partition (groups {n0,n1} | {n2,n3,n4})" "--explain shows faults as they happen, nodes by name"

# Determinism check.
expect_exit 0 "--check-determinism" -- "$dsim" run broadcast/lossy-links --check-determinism
expect_text "$work/out" "deterministic" "--check-determinism reports identical traces"

# --set overrides, and a bad one.
expect_exit 1 "--set can break a scenario on purpose" -- "$dsim" run broadcast/lossy-links \
  --set params.mode=flood --set network.loss=0.5
expect_exit 2 "--set with a bad value is bad input" -- "$dsim" run broadcast/lossy-links --set duration=soon
expect_text "$work/err" "at duration: " "a bad --set names the path"

# Bad input: exit 2 with one clear line.
expect_exit 2 "a missing file" -- "$dsim" run no/such-scenario
expect_text "$work/err" "no/such-scenario" "a missing file is named"
echo '{"name": "x/y",' > "$work/broken.json"
expect_exit 2 "a truncated file" -- "$dsim" run "$work/broken.json"
expect_text "$work/err" "invalid JSON" "a truncated file is reported as invalid JSON"
expect_exit 2 "an unknown flag" -- "$dsim" run broadcast/lossy-links --sed 3
expect_exit 2 "a bad seed range" -- "$dsim" sweep broadcast/lossy-links --seeds 9..2
expect_text "$work/err" "expected a range A..B" "a bad seed range is explained"
expect_exit 2 "a bad shard" -- "$dsim" sweep broadcast/lossy-links --seeds 1..4 --shard 5/4

# validate and list.
expect_exit 0 "validate the whole library" -- bash -c "\"$dsim\" validate scenarios/*/*.json"
expect_exit 2 "validate a broken file" -- "$dsim" validate "$work/broken.json"
expect_exit 0 "list" -- "$dsim" list
expect_text "$work/out" "broadcast/lossy-links" "list shows library names"

# sweep, shards and merge.
expect_exit 1 "a sweep with failing seeds" -- "$dsim" sweep broadcast/flood-only-loss --seeds 1..6 --jobs 2 \
  --until 3s --json "$work/all.json"
expect_text "$work/out" "Failing seeds" "a sweep lists failing seeds"
for k in 1 2; do
  "$dsim" sweep broadcast/flood-only-loss --seeds 1..6 --until 3s --shard $k/2 --json "$work/p$k.json" >/dev/null
done
expect_exit 1 "sweep-merge of two shards" -- "$dsim" sweep-merge --out "$work/merged.json" "$work/p1.json" "$work/p2.json"
expect_text "$work/merged.json" '"total": 6' "the merged sweep holds every seed"
if cmp -s "$work/merged.json" "$work/all.json"; then passes=$((passes + 1)); else
  echo "FAIL: two shards merged differ from the unsplit sweep's JSON"; diff "$work/all.json" "$work/merged.json" | head -20
  failures=$((failures + 1))
fi
expect_exit 2 "sweep-merge of overlapping shards" -- "$dsim" sweep-merge --out "$work/x.json" "$work/p1.json" "$work/p1.json"
expect_text "$work/err" "seed 1 appears in more than one part" "sweep-merge names a seed two parts hold"

# A sweep counts undecided seeds apart and lists each with its replay line; a failure outranks them.
expect_exit 3 "a sweep whose runs cannot decide" -- "$dsim" sweep raft/random-faults --seeds 1..2 --jobs 2 \
  --set workload.linearizable_budget=5 --json "$work/usweep.json"
expect_text "$work/out" "0 passed, 0 failed, 2 undecided" "a sweep counts undecided runs apart"
expect_text "$work/out" "Undecided seeds" "a sweep lists undecided seeds"
expect_text "$work/out" "dsim run scenarios/raft/random-faults.json --seed 2 --set workload.linearizable_budget=5" \
  "each undecided seed has its replay line"
expect_text "$work/out" "Result: UNDECIDED" "a sweep with only undecided runs says so"
expect_text "$work/usweep.json" '"undecided": 2' "the sweep JSON counts undecided runs"
expect_exit 3 "sweep-merge keeps undecided runs" -- "$dsim" sweep-merge --out "$work/umerged.json" "$work/usweep.json"

# A runaway run (a node over its send-rate bound) stops and fails with one line naming the node,
# its count, the bound, the seed and the replay command.
expect_exit 1 "a run over its send-rate bound" -- "$dsim" run raft/leader-crash --set max_send_rate=50/s
expect_text "$work/err" "dsim: raft/leader-crash seed 1: n" "the runaway line names the scenario and seed"
expect_text "$work/err" "sent 51 messages between 0.000s and" "the runaway line names the node's count"
expect_text "$work/err" "over the bound of 50 per node per second" "the runaway line names the bound"
expect_text "$work/err" "replay: $dsim run scenarios/raft/leader-crash.json --seed 1 --set max_send_rate=50/s" \
  "the runaway line ends with its replay command"
expect_text "$work/out" "FAIL  send_rate" "the summary fails the run's send_rate verdict"
# compare: two scenarios on the same seeds, the same faults, side by side; --json; bad input.
expect_exit 0 "compare of Multi-Paxos and Raft under one nemesis" -- "$dsim" compare paxos/random-faults \
  raft/random-faults --seeds 1..3 --jobs 2 --json "$work/compare.json"
expect_text "$work/out" "Fault schedules: the same on 3 of 3 seeds" "compare checks the fault schedules match"
expect_text "$work/out" "messages per committed operation" "compare prints messages per committed operation"
expect_text "$work/out" "commit latency p99" "compare prints commit latency"
expect_text "$work/out" "time without a leader, mean per run" "compare prints time without a leader"
expect_text "$work/out" "failed operations (timed out, unanswered)" "compare prints failed operations"
expect_text "$work/compare.json" '"scenario": "raft/random-faults"' "compare --json names both scenarios"
expect_text "$work/compare.json" '"same_fault_schedule": 3' "compare --json counts the seeds with the same faults"
expect_exit 0 "compare of two scenarios with different faults" -- "$dsim" compare raft/leader-crash broadcast/lossy-links --seeds 1..2
expect_text "$work/out" "Fault schedules: the same on 0 of 2 seeds (they differ from seed 1" "compare says when the faults differ"
expect_text "$work/out" "n/a" "compare says n/a for a protocol without leaders"
expect_exit 1 "compare where a run fails its checks" -- "$dsim" compare paxos/duelling-proposers paxos/duelling-backoff --seeds 1..1
expect_exit 2 "compare with a bad seed range" -- "$dsim" compare paxos/random-faults raft/random-faults --seeds 5..1
expect_text "$work/err" "--seeds: expected a range A..B" "compare names the bad seed range"
expect_exit 2 "compare of a missing scenario" -- "$dsim" compare paxos/nope raft/random-faults --seeds 1..1
# What a newcomer types (issue 11): the commands listed, one-line errors with the dsim: prefix,
# numbers range-checked, a mistyped name answered with the nearest, a trace given to run explained.
expect_exit 2 "dsim alone" -- "$dsim"
expect_text "$work/err" "Commands:" "dsim alone lists the commands"
expect_exit 0 "dsim help" -- "$dsim" help
expect_text "$work/out" "  sweep-merge  Combine the JSON" "dsim help lists every command"
expect_exit 0 "dsim help run" -- "$dsim" help run
expect_text "$work/out" "--check-determinism" "dsim help run is run's help"
expect_exit 2 "an unknown command" -- "$dsim" rn broadcast/happy-path
expect_text "$work/err" 'dsim: unknown command "rn" (did you mean "run"?)' "an unknown command suggests the nearest"
expect_text "$work/err" "Commands:" "an unknown command lists the commands"
expect_exit 2 "run without a scenario" -- "$dsim" run
expect_text "$work/err" "dsim run: a scenario is required, such as raft/leader-crash" "run without a scenario says what to give"
expect_exit 2 "an unknown flag" -- "$dsim" run broadcast/happy-path --sed 3
if [ "$(wc -l < "$work/err")" -eq 1 ]; then passes=$((passes + 1)); else echo "FAIL: a flag error takes one line"; failures=$((failures + 1)); fi
expect_exit 2 "a negative seed" -- "$dsim" run broadcast/happy-path --seed -1
expect_text "$work/err" 'dsim: --seed: expected a whole number from 0 to 9223372036854775807, found "-1"' "a negative seed is refused"
expect_exit 2 "a 23-digit seed" -- "$dsim" run broadcast/happy-path --seed 12345678901234567890123
expect_text "$work/err" 'found "12345678901234567890123"' "a seed too large is refused, not clamped"
expect_exit 0 "the largest seed" -- "$dsim" run broadcast/happy-path --seed 9223372036854775807 -q
expect_text "$work/out" "seed 9223372036854775807: PASS" "the largest seed runs"
expect_exit 2 "a seed range past the largest seed" -- "$dsim" sweep broadcast/happy-path --seeds 1..9223372036854775808
expect_exit 2 "no jobs" -- "$dsim" sweep broadcast/happy-path --seeds 1..2 --jobs 0
expect_text "$work/err" 'dsim: --jobs: expected a whole number from 1 to 1024, found "0"' "--jobs 0 is refused"
expect_exit 2 "a mistyped library name" -- "$dsim" run raft/leader-crsh
expect_text "$work/err" "did you mean raft/leader-crash?" "a mistyped name gets the nearest library names"
expect_exit 2 "a trace given to run" -- "$dsim" run "$work/t.jsonl"
expect_text "$work/err" "this is a trace, not a scenario: open it with" "run explains what a trace is for"
expect_text "$work/err" "check $work/t.jsonl" "run says how to re-judge a trace"
printf '{\n  "name": "x/y",\n  "seed": 1,\n  "seed": 2\n}\n' > "$work/dup.json"
expect_exit 2 "a key written twice" -- "$dsim" validate "$work/dup.json"
expect_text "$work/out" 'line 4, column 3: duplicate key "seed" at the top level (first at line 3, column 3)' \
  "a duplicated key is refused with both places"

# An expected mark a seed misses is a teaching note: run, its JSON and sweep agree on PASS.
expect_exit 0 "a run that misses an expected mark" -- "$dsim" run broadcast/lossy-links --seed 17 --json "$work/m17.json"
expect_text "$work/out" "NOTE  mark broadcast.anti_entropy_repair never hit at this seed" "run notes the missed mark"
expect_text "$work/out" "Result: PASS" "a missed mark does not fail the run"
expect_text "$work/m17.json" '"verdict": "pass"' "the JSON verdict ignores the missed mark"
expect_text "$work/m17.json" '"broadcast.anti_entropy_repair"' "the JSON lists the missed mark"
expect_exit 0 "a sweep over the same seed" -- "$dsim" sweep broadcast/lossy-links --seeds 17..17
expect_text "$work/out" "missing in 1 of 1 run" "sweep counts the missed mark the same way"

# dsim list says which scenarios fail on purpose; --protocols lists what scenarios may name.
expect_exit 0 "list" -- "$dsim" list raft
expect_text "$work/out" "raft/figure8-bug                   [EXPECTED TO FAIL] Raft Figure 8" "list tags scenarios that fail on purpose"
expect_exit 0 "list --protocols" -- "$dsim" list --protocols
expect_text "$work/out" "raft.rejoined_as_follower" "list --protocols shows the marks"

# A story line tied to an event is told only when the event happened (here the crash hits a follower).
expect_exit 0 "a story whose claims this run does not bear out" -- "$dsim" run raft/leader-crash --set 'faults[0].crash=4' --explain
expect_text "$work/out" "No new leader has been elected since 3 s in this run" "an unmet claim is told as not in this run"
expect_text "$work/out" "Not in this run: The old leader restarts" "an unmet claim without otherwise gets the default"

# The command list prints runs as printed.
"$dsim" list > "$work/list.txt"
example="$(sed -n 's/^Run one with: .*(e.g. \(.*\) --explain);.*/\1/p' "$work/list.txt")"
expect_exit 1 "list's example command runs as printed" -- bash -c "$example -q"

# The isolation matrix: PostgreSQL's snapshot isolation stops lost updates, its read committed does not.
expect_exit 0 "txn-matrix" -- "$dsim" txn-matrix --json "$work/matrix.json"
expect_text "$work/out" "pg RR" "txn-matrix prints flavour x level columns"
expect_text "$work/out" "g2-item                  allowed" "txn-matrix prints a row per txn-isolation scenario"
python3 - "$work/matrix.json" <<'PY' && passes=$((passes + 1)) || { echo "FAIL: txn-matrix JSON cells"; failures=$((failures + 1)); }
import json, sys
cells = {(c["flavour"], c["level"], c["test"]): c["outcome"] for c in json.load(open(sys.argv[1]))}
assert cells[("postgres", "read-committed", "p4")] == "allowed", cells[("postgres", "read-committed", "p4")]
assert cells[("postgres", "repeatable-read", "p4")] != "allowed"
assert cells[("mysql", "repeatable-read", "p4")] == "allowed"
assert cells[("postgres", "serializable", "g2-item")] != "allowed"
assert len(cells) == 8 * len({k[2] for k in cells})
first = json.load(open(sys.argv[1]))[0]
assert first == {"flavour": "postgres", "level": "read-uncommitted", "test": "g0", "outcome": "block"}, first
PY
# The matrix's rows are the library's txn-isolation scenarios: a library holding one has one row.
mkdir -p "$work/library/txn"
cp scenarios/txn/p4.json "$work/library/txn/"
expect_exit 0 "txn-matrix over another library" -- "$dsim" txn-matrix --scenarios "$work/library"
[ "$(grep -c '^p4 ' "$work/out")" -eq 1 ] && [ "$(grep -c '^g0 ' "$work/out")" -eq 0 ] && passes=$((passes + 1)) ||
  { echo "FAIL: txn-matrix over another library shows only its scenarios"; failures=$((failures + 1)); }
expect_exit 2 "txn-matrix over a library without txn-isolation scenarios" -- "$dsim" txn-matrix --scenarios "$work/nothing"
expect_text "$work/err" "holds no txn-isolation scenario" "txn-matrix says why it has no rows"

# A scenario still naming the retired "txn" protocol is refused with the protocols that replaced it.
sed 's/"protocol": "txn-flash-sale"/"protocol": "txn"/' scenarios/txn/flash-sale-optimistic.json >"$work/old-txn.json"
expect_exit 2 "a scenario naming the retired txn protocol" -- "$dsim" validate "$work/old-txn.json"
expect_text "$work/out" 'at protocol: the protocol "txn" no longer exists: write "txn-isolation"' \
  "the retired txn protocol is answered with its replacements"

echo "$passes passed, $failures failed"
[ "$failures" -eq 0 ]
