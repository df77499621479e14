#!/usr/bin/env bash
# A dsim sweep on a real scheduler: brings up a one-node Slurm cluster (munged, slurmctld and
# slurmd from Debian's slurm-wlm and munge packages) in a scratch folder, submits a sweep with
# scripts/slurm/submit-sweep (a job array of shards and a merge job that depends on them), waits,
# and checks that the merged JSON is byte for byte what one unsplit sweep writes. It stops the
# daemons it started and removes the folder, whatever happens.
#
#   tests/slurm/slurm_sweep_test.sh DSIM_BINARY SOURCE_DIR
#
# It needs root (the daemons run as root) and the packages (scripts/setup test installs them).
# It never skips: when it cannot run it fails and says why. ctest runs it only when configured with
# -DDSIM_SLURM_TEST=ON (scripts/setup test does that as root, so CI does); see docs/scaling.md.
set -uo pipefail

dsim="${1:?usage: slurm_sweep_test.sh DSIM_BINARY SOURCE_DIR}"
source_dir="${2:?usage: slurm_sweep_test.sh DSIM_BINARY SOURCE_DIR}"
scenario="raft/random-faults"
seeds="1..60"
shards=4

fail() {
  echo "FAIL: $*" >&2
  exit 1
}

[ "$(id -u)" -eq 0 ] || fail "the Slurm test starts munged, slurmctld and slurmd and needs root (run as root, or configure without -DDSIM_SLURM_TEST=ON)"
for command in munged mungekey slurmctld slurmd sbatch scontrol sinfo squeue scancel; do
  command -v "$command" >/dev/null ||
    fail "$command not found: install Debian's munge and slurm-wlm packages (scripts/setup test does)"
done
[ -x "$dsim" ] || fail "no dsim binary at $dsim"

work="$(mktemp -d /tmp/dsim-slurm.XXXXXX)"
chmod 755 "$work"
pids=()
cleanup() {
  # Only what this script started: its jobs, then its daemons, by process id.
  if [ -f "$work/slurm.conf" ]; then SLURM_CONF="$work/slurm.conf" timeout 10 scancel --quiet --user=root 2>/dev/null; fi
  for ((i = ${#pids[@]} - 1; i >= 0; --i)); do kill "${pids[i]}" 2>/dev/null; done
  for pid in "${pids[@]}"; do
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null
  done
  rm -rf "$work"
}
trap cleanup EXIT

show_logs() {
  for log in "$work"/*.log "$work"/out/*.log; do
    [ -f "$log" ] && { echo "--- $log"; tail -n 20 "$log"; }
  done
}

# ---------------------------------------------------------------- munge
mungekey --create --keyfile="$work/munge.key" >/dev/null 2>&1 ||
  fail "mungekey could not create a key in $work"
chmod 400 "$work/munge.key"
# --force: our socket lives in a scratch folder rather than munge's own, which munged would refuse.
munged --foreground --force --key-file="$work/munge.key" --socket="$work/munge.socket" \
  --pid-file="$work/munged.pid" --seed-file="$work/munged.seed" >"$work/munged.log" 2>&1 &
pids+=($!)
for _ in $(seq 100); do [ -S "$work/munge.socket" ] && break; sleep 0.1; done
[ -S "$work/munge.socket" ] || { show_logs; fail "munged did not start"; }

# ---------------------------------------------------------------- slurm.conf
host="$(hostname -s)"
cpus="$(nproc)"
mkdir -p "$work/state" "$work/spool" "$work/out"
cat >"$work/slurm.conf" <<CONF
# A one-node cluster for dsim's test, in $work. Ports away from the defaults (6817, 6818) so
# that it never meets a real Slurm on the same machine.
ClusterName=dsimtest
SlurmctldHost=$host(127.0.0.1)
SlurmctldPort=16817
SlurmdPort=16818
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$work/munge.socket
StateSaveLocation=$work/state
SlurmdSpoolDir=$work/spool
SlurmctldPidFile=$work/slurmctld.pid
SlurmdPidFile=$work/slurmd.pid
SlurmctldLogFile=$work/slurmctld.log
SlurmdLogFile=$work/slurmd.log
# No cgroups (a container may have none): track a job's processes by their parent ids.
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SchedulerType=sched/builtin
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
ReturnToService=2
MpiDefault=none
MinJobAge=600
NodeName=$host NodeAddr=127.0.0.1 CPUs=$cpus State=UNKNOWN
PartitionName=debug Nodes=$host Default=YES MaxTime=INFINITE State=UP
CONF
export SLURM_CONF="$work/slurm.conf"

# ---------------------------------------------------------------- daemons
slurmctld -D -i -f "$SLURM_CONF" >"$work/slurmctld.out" 2>&1 &
pids+=($!)
slurmd -D -f "$SLURM_CONF" >"$work/slurmd.out" 2>&1 &
pids+=($!)
# Every wait has a deadline in seconds, and every client call its own timeout, so that a daemon
# that never answers ends the test with a message rather than a hang.
state=""
deadline=$((SECONDS + 60))
while [ $SECONDS -lt $deadline ]; do
  state="$(timeout 5 sinfo --noheader --format=%t 2>/dev/null | head -n 1)"
  [ "$state" = "idle" ] && break
  sleep 0.2
done
[ "$state" = "idle" ] || { show_logs; cat "$work"/*.out; fail "the node did not come up idle within 60 s (state: \"${state:-none}\")"; }

# ---------------------------------------------------------------- the sweep, split and whole
cd "$source_dir"
ids="$(timeout 60 "$source_dir/scripts/slurm/submit-sweep" --shards "$shards" --dsim "$dsim" "$scenario" "$seeds" "$work/out" | tail -n 1)"
read -r array_id merge_id <<<"$ids"
[[ "$array_id" =~ ^[0-9]+$ && "$merge_id" =~ ^[0-9]+$ ]] || fail "submit-sweep printed no job ids: \"$ids\""
echo "job array $array_id ($shards shards of seeds $seeds), merge job $merge_id"

merge_state=""
deadline=$((SECONDS + 120))
while [ $SECONDS -lt $deadline ]; do
  merge_state="$(timeout 5 scontrol show job "$merge_id" 2>/dev/null | sed -n 's/.*JobState=\([A-Z_]*\).*/\1/p')"
  case "$merge_state" in COMPLETED|FAILED|CANCELLED|TIMEOUT|NODE_FAIL|OUT_OF_MEMORY) break ;; esac
  sleep 0.2
done
[ "$merge_state" = "COMPLETED" ] || {
  timeout 5 scontrol show job "$merge_id"
  show_logs
  fail "the merge job ended as \"${merge_state:-unknown}\" (or had not ended after 120 s)"
}
for ((k = 1; k <= shards; ++k)); do
  [ -f "$work/out/part-$k.json" ] || fail "shard $k wrote no part-$k.json"
done

whole_status=0
"$dsim" sweep "$scenario" --seeds "$seeds" --no-progress --json "$work/whole.json" >/dev/null || whole_status=$?
[ "$whole_status" -le 1 ] || fail "the unsplit sweep exited with $whole_status"
if ! cmp -s "$work/whole.json" "$work/out/merged.json"; then
  diff "$work/whole.json" "$work/out/merged.json" | head -n 20
  fail "the merged result of $shards shards differs from the unsplit sweep"
fi
runs="$(sed -n 's/^ "total": \([0-9]*\).*/\1/p' "$work/out/merged.json")"
echo "the merged result of $shards Slurm shards ($runs runs) equals the unsplit sweep byte for byte"
echo "1 passed, 0 failed"
