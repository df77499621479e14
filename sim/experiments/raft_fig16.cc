// The Figure 16 trial (see raft_fig16.h). Set-up, in the order a trial runs:
//   1. A fast network (0.1 ms) while server 0, whose first election timeout is shorter than
//      anyone's, wins term 2. Servers 0-2 start with two entries of term 1, servers 3-4 with one,
//      and the replies of 3 and 4 never reach server 0, so server 0 never learns that they lag
//      and never repairs them: they keep the shorter log and stay unable to win.
//   2. At twice the minimum timeout the network switches to the measured latency (5-10 ms).
//   3. Server 0's next heartbeat broadcast synchronises the followers' timers; server 0 crashes
//      a uniform time within one heartbeat interval later.
//   4. The trial ends when the three other survivors have each received an AppendEntries of one
//      newer term: everyone knows the new leader.
// Timers here are exact, so with equal timeouts (150-150) the four survivors time out in the
// same order every round and the split vote repeats for ever: those trials end at the give-up
// time. The paper's machines had timer and disk jitter, which broke the tie after seconds.
#include "sim/experiments/raft_fig16.h"

#include <algorithm>
#include <atomic>
#include <map>
#include <memory>
#include <set>
#include <thread>

#include "sim/core/assert.h"
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

// Uniform latency, a fast phase for the set-up, and servers 3 and 4 unable to answer server 0.
class Fig16Network final : public NetworkModel {
 public:
  Fig16Network(DurationUs min_us, DurationUs max_us) : min_us_(min_us), max_us_(max_us) {}
  Transmission transmit(NodeId from, NodeId to, TimeUs now, Rng& rng) override {
    if (!connected(from, to, now)) return {DropReason::partition, 0, -1};
    return {DropReason::none, setup_ ? kSetupLatencyUs : rng.uniform(min_us_, max_us_), -1};
  }
  bool connected(NodeId from, NodeId to, TimeUs) const override { return !(to == kFirstLeader && from >= 3); }
  void end_setup() { setup_ = false; }

 private:
  DurationUs min_us_;
  DurationUs max_us_;
  bool setup_ = true;
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

// Crashes server 0 after its first heartbeat broadcast past `armed_at`, and ends the run once the
// other survivors all heard one newer leader.
class CrashAndWatch final : public Observer {
 public:
  CrashAndWatch(Simulator& sim, TimeUs armed_at, DurationUs heartbeat_us, Rng rng)
      : sim_(sim), armed_at_(armed_at), heartbeat_us_(heartbeat_us), rng_(rng) {}

  void on_send(TimeUs time, NodeId from, NodeId, const Message& message, TimeUs) override {
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
  // Server 0 times out first (at half the minimum) and so leads; the others use the range.
  params.election_timeout_per_server_us.assign(kServers, {range.min_us, range.max_us});
  params.election_timeout_per_server_us[kFirstLeader] = {range.min_us / 2, range.min_us / 2};

  Fig16Network network(options.latency_min_us, options.latency_max_us);
  Simulator sim(seed, network);
  std::vector<NodeId> servers;
  for (std::size_t i = 0; i < kServers; ++i) servers.push_back(static_cast<NodeId>(i));
  LogEntry blank{kPreloadedTerm, raft::Command{"noop", "", "", "", kNoNode, 0}};
  for (NodeId id : servers) {
    std::vector<LogEntry> log(id < 3 ? 2 : 1, blank);
    sim.add_node("s" + std::to_string(id), [params, servers, log](NodeId) {
      return std::make_unique<PreloadedServer>(params, servers, log);
    });
  }
  TimeUs switch_at = 2 * range.min_us;
  CrashAndWatch watch(sim, switch_at, params.heartbeat_us, Rng(seed).fork(0x63726173));
  sim.add_observer(watch);
  sim.schedule(switch_at, [&network](Simulator&) { network.end_setup(); });
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
