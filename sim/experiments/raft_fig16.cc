// The Figure 16 trial (see raft_fig16.h). Set-up, in the order a trial runs:
//   1. A fast network (0.1 ms) and instant disks while server 0, whose first election timeout is
//      shorter than anyone's, wins term 2. The servers start with logs of different lengths, as the
//      benchmark's did (thesis §9.4): 4, 4, 3, 2 and 1 entries of term 1. Once server 0 leads, the
//      replies of servers 2-4 never reach it, so it never learns that they lag and never repairs
//      them; server 1 receives server 0's no-op entry. The four survivors then hold 5, 3, 2 and 1
//      entries: server 1 can win with any two votes, server 2 only with those of 3 and 4, and
//      servers 3 and 4 cannot win ("two of the four servers were not eligible to become leader").
//   2. At twice the minimum timeout the testbed takes over: the network's latency, durable writes
//      that take time (a new term, a vote or a log entry is on disk before the message that
//      depends on it leaves, as in LogCabin), and timers that fire a little late.
//   3. Server 0's next heartbeat broadcast synchronises the followers' timers; server 0 crashes
//      a uniform time within one heartbeat interval later.
//   4. The trial ends when the three other survivors have each received an AppendEntries of one
//      newer term: everyone has heard the new leader's first heartbeat.
// With equal timeouts (150-150) only the timer jitter and the spread of disk and network times
// ever separate the survivors, so elections take many rounds: the paper saw more than 10 s.
#include "sim/experiments/raft_fig16.h"

#include <algorithm>
#include <atomic>
#include <map>
#include <memory>
#include <set>
#include <thread>

#include "sim/core/assert.h"
#include "sim/core/disk.h"
#include "sim/core/simulator.h"
#include "sim/protocols/raft/raft_node.h"

namespace dsim::experiments {

namespace {

using raft::AppendEntries;
using raft::LogEntry;
using raft::RaftNode;
using raft::RaftParams;

constexpr std::size_t kServers = 5;
constexpr NodeId kFirstLeader = 0;
constexpr raft::Term kPreloadedTerm = 1;
constexpr raft::Term kFirstLeaderTerm = 2;  // server 0's election from the preloaded term
constexpr DurationUs kSetupLatencyUs = 100;
constexpr NodeId kFirstLagging = 2;  // servers 2-4 keep the logs they started with
// Entries of term 1 each server starts with (index = server).
constexpr std::size_t kPreloadedLength[kServers] = {4, 4, 3, 2, 1};

// The testbed's latency after a fast phase for the set-up; once server 0 leads, servers 2-4 can no
// longer answer it.
class Fig16Network final : public NetworkModel {
 public:
  explicit Fig16Network(const LatencyDistribution& latency) : latency_(latency) {}
  Transmission transmit(NodeId from, NodeId to, TimeUs now, Rng& rng) override {
    if (!connected(from, to, now)) return {DropReason::partition, 0, -1};
    return {DropReason::none, setup_ ? kSetupLatencyUs : latency_.sample(rng), -1};
  }
  bool connected(NodeId from, NodeId to, TimeUs) const override {
    return !(to == kFirstLeader && from >= kFirstLagging && leader_elected_);
  }
  void end_setup() { setup_ = false; }
  void leader_elected() { leader_elected_ = true; }

 private:
  const LatencyDistribution& latency_;
  bool setup_ = true;
  bool leader_elected_ = false;
};

// Every server's disk: each durable write takes a time drawn from the same distribution.
class Fig16Disks final : public StorageModel {
 public:
  explicit Fig16Disks(const LatencyDistribution& write) : write_(write) {}
  DurationUs write_latency(NodeId, Rng& rng) override { return write_.sample(rng); }

 private:
  const LatencyDistribution& write_;
};

// A Raft server that starts from a given durable log, as if it had lived before.
class PreloadedServer final : public Node {
 public:
  PreloadedServer(RaftParams params, std::vector<NodeId> servers, std::vector<LogEntry> log)
      : raft_(std::move(params), std::move(servers)), log_(std::move(log)) {}
  void on_start(Context& ctx) override {
    RaftNode::write_durable_state(ctx, kPreloadedTerm, log_);
    raft_.on_start(ctx);
  }
  void on_restart(Context& ctx) override { raft_.on_restart(ctx); }  // the log is on disk already
  void on_message(Context& ctx, NodeId from, const Message& message) override { raft_.on_message(ctx, from, message); }
  void on_timer(Context& ctx, TimerId id, const Timer& timer) override { raft_.on_timer(ctx, id, timer); }
  std::string_view timer_name(std::uint16_t kind) const override { return raft_.timer_name(kind); }

 private:
  RaftNode raft_;
  std::vector<LogEntry> log_;
};

// Cuts servers 2-4 off from server 0 once it leads, crashes server 0 after its first heartbeat
// broadcast past `armed_at`, and ends the run once the other survivors all heard one newer leader.
class CrashAndWatch final : public Observer {
 public:
  CrashAndWatch(Simulator& sim, Fig16Network& network, TimeUs armed_at, DurationUs heartbeat_us, Rng rng)
      : sim_(sim), network_(network), armed_at_(armed_at), heartbeat_us_(heartbeat_us), rng_(rng) {}

  void on_send(TimeUs time, NodeId from, NodeId, const Message& message, TimeUs) override {
    if (from == kFirstLeader && message.as<AppendEntries>()) network_.leader_elected();
    if (crash_at_ >= 0 || from != kFirstLeader || time < armed_at_ || !message.as<AppendEntries>()) return;
    crash_at_ = time + rng_.uniform(0, heartbeat_us_ - 1);
    sim_.schedule(crash_at_, [](Simulator& s) { s.crash(kFirstLeader); });
  }
  void on_deliver(TimeUs time, NodeId from, NodeId to, const Message& message) override {
    const auto* append = message.as<AppendEntries>();
    if (append == nullptr || append->term <= kFirstLeaderTerm || crash_at_ < 0 || end_at_ >= 0) return;
    std::set<NodeId>& heard = heard_by_term_[append->term];
    if (to != from) heard.insert(to);
    if (heard.size() == kServers - 2) {  // every survivor but the new leader itself
      end_at_ = time;
      sim_.stop();
    }
  }
  TimeUs crash_at() const { return crash_at_; }
  TimeUs end_at() const { return end_at_; }

 private:
  Simulator& sim_;
  Fig16Network& network_;
  TimeUs armed_at_;
  DurationUs heartbeat_us_;
  Rng rng_;
  TimeUs crash_at_ = -1;
  TimeUs end_at_ = -1;
  std::map<std::int64_t, std::set<NodeId>> heard_by_term_;
};

std::uint64_t trial_seed(const TimeoutRange& range, std::int64_t trial) {
  std::uint64_t seed = 0x46696731365ULL;  // "Fig16"
  for (std::uint64_t part : {static_cast<std::uint64_t>(range.min_us), static_cast<std::uint64_t>(range.max_us),
                             static_cast<std::uint64_t>(trial)}) {
    seed = (seed ^ part) * 0x100000001b3ULL;  // FNV-1a style mixing; Rng's splitmix does the rest
  }
  return seed;
}

}  // namespace

LatencyDistribution Fig16Options::default_network() {
  LatencyDistribution latency;
  latency.kind = LatencyDistribution::Kind::uniform;
  latency.a_us = 100;
  latency.b_us = 200;
  return latency;
}

LatencyDistribution Fig16Options::default_disk_write() {
  LatencyDistribution latency;
  latency.kind = LatencyDistribution::Kind::lognormal;
  latency.a_us = 3500;
  latency.sigma = 0.5;
  return latency;
}

std::vector<std::string> Fig16Options::describe() const {
  std::string step = timeout_step_us > 0 ? "whole multiples of " + format_duration(timeout_step_us) + " (LogCabin's milliseconds)"
                                          : "any microsecond of the range";
  return {
      "5 servers (LogCabin's Raft on a LAN); logs of different lengths: the survivors hold 5, 3, 2 and 1 entries, "
      "so two of the four cannot win",
      "network: one way " + network.describe() + " per message",
      "disk: each durable write (a new term, a vote, a log entry; written and fsynced) " + disk_write.describe() +
          ", one at a time per server; a message that depends on it leaves when it is done",
      "timers: fire up to " + format_duration(timer_jitter_us) + " late (uniform); election timeouts drawn in " + step,
      "heartbeat = half the minimum election timeout; the leader crashes uniformly within one heartbeat interval "
      "after a synchronised heartbeat broadcast",
      "downtime = from the crash until the other three survivors have received the new leader's first "
      "AppendEntries; a trial gives up after " + format_duration(give_up_after_us),
  };
}

std::string TimeoutRange::label() const {
  auto ms = [](DurationUs us) {
    std::string text = std::to_string(us / kMillisecond);
    if (us % kMillisecond != 0) text += "." + std::to_string(us % kMillisecond / 100);
    return text;
  };
  return ms(min_us) + "-" + ms(max_us);
}

std::vector<Fig16Series> fig16_ranges() {
  auto series = [](std::int64_t low_ms, std::int64_t high_ms, bool top, bool bottom) {
    Fig16Series s;
    s.range = {low_ms * kMillisecond, high_ms * kMillisecond};
    s.top = top;
    s.bottom = bottom;
    return s;
  };
  return {series(150, 150, true, false), series(150, 151, true, false), series(150, 155, true, false),
          series(150, 175, true, false), series(150, 200, true, false), series(150, 300, true, true),
          series(12, 24, false, true),   series(25, 50, false, true),   series(50, 100, false, true),
          series(100, 200, false, true)};
}

DurationUs run_fig16_trial(const TimeoutRange& range, std::int64_t trial, const Fig16Options& options) {
  DSIM_ASSERT(range.min_us >= 2 && range.min_us <= range.max_us, "a Figure 16 range needs 2 us <= min <= max");
  std::uint64_t seed = trial_seed(range, trial);
  RaftParams params;
  params.election_timeout_min_us = range.min_us;
  params.election_timeout_max_us = range.max_us;
  params.heartbeat_us = range.min_us / 2;
  params.election_timeout_step_us = options.timeout_step_us;
  // Server 0 times out first (at half the minimum) and so leads; the others use the range.
  params.election_timeout_per_server_us.assign(kServers, {range.min_us, range.max_us});
  params.election_timeout_per_server_us[kFirstLeader] = {range.min_us / 2, range.min_us / 2};

  Fig16Network network(options.network);
  Fig16Disks disks(options.disk_write);
  Simulator sim(seed, network);
  std::vector<NodeId> servers;
  for (std::size_t i = 0; i < kServers; ++i) servers.push_back(static_cast<NodeId>(i));
  LogEntry blank{kPreloadedTerm, raft::Command{"noop", "", "", "", kNoNode, 0}};
  for (NodeId id : servers) {
    std::vector<LogEntry> log(kPreloadedLength[id], blank);
    sim.add_node("s" + std::to_string(id), [params, servers, log](NodeId) {
      return std::make_unique<PreloadedServer>(params, servers, log);
    });
  }
  TimeUs switch_at = 2 * range.min_us;
  CrashAndWatch watch(sim, network, switch_at, params.heartbeat_us, Rng(seed).fork(0x63726173));
  sim.add_observer(watch);
  sim.schedule(switch_at, [&](Simulator& s) {
    network.end_setup();
    s.set_storage_model(disks);
    s.set_timer_jitter(options.timer_jitter_us);
  });
  sim.start();
  sim.run_until(switch_at + options.give_up_after_us);
  DSIM_ASSERT(watch.crash_at() >= 0, "server 0 never sent a heartbeat after the set-up");
  if (watch.end_at() < 0) return options.give_up_after_us;
  return watch.end_at() - watch.crash_at();
}

std::vector<Fig16Series> run_raft_fig16(const Fig16Options& options) {
  std::vector<Fig16Series> all = fig16_ranges();
  struct Job {
    std::size_t series;
    std::int64_t trial;
  };
  std::vector<Job> jobs;
  for (std::size_t s = 0; s < all.size(); ++s) {
    bool fixed = all[s].range.min_us == all[s].range.max_us;
    std::int64_t trials = fixed ? std::min(options.trials, options.trials_for_fixed) : options.trials;
    all[s].downtimes_us.assign(static_cast<std::size_t>(trials), 0);
    for (std::int64_t t = 0; t < trials; ++t) jobs.push_back({s, t});
  }
  std::atomic<std::size_t> next{0};
  auto worker = [&] {
    for (std::size_t i = next++; i < jobs.size(); i = next++) {
      Fig16Series& series = all[jobs[i].series];
      series.downtimes_us[static_cast<std::size_t>(jobs[i].trial)] = run_fig16_trial(series.range, jobs[i].trial, options);
    }
  };
  std::vector<std::thread> threads;
  for (unsigned i = 1; i < std::max(1u, options.jobs); ++i) threads.emplace_back(worker);
  worker();
  for (std::thread& thread : threads) thread.join();
  return all;
}

DurationUs percentile_of(std::vector<DurationUs> values, double p) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  // Nearest rank: the smallest value with at least p% of the values at or below it.
  std::size_t rank = static_cast<std::size_t>(p / 100.0 * static_cast<double>(values.size()) + 0.999999);
  rank = std::clamp<std::size_t>(rank, 1, values.size());
  return values[rank - 1];
}

}  // namespace dsim::experiments
