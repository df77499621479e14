// `dsim compare`'s engine (compare.h): a measuring observer per run, runs on worker threads, and
// totals that are sums and merged histograms, so the result does not depend on which worker ran
// which seed.
#include "sim/runner/compare.h"

#include <algorithm>
#include <atomic>
#include <exception>
#include <map>
#include <mutex>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "sim/core/view.h"
#include "sim/runner/run.h"

namespace dsim {
namespace {

// What one run tells the comparison.
class RunMeasure final : public Observer {
 public:
  explicit RunMeasure(std::size_t servers) : servers_(servers) {}

  void on_history(const HistoryEvent& event) override {
    std::pair<NodeId, std::uint64_t> id{event.process, event.request_id};
    if (event.kind == HistoryEvent::Kind::invoke) {
      ++invoked_;
      open_[id] = event.time;
      return;
    }
    auto found = open_.find(id);
    if (found == open_.end()) return;
    if (event.kind == HistoryEvent::Kind::info) {
      ++failed_;
    } else {
      ++committed_;
      latency_us_.add(event.time - found->second);
    }
    open_.erase(found);
  }

  void on_state(TimeUs time, NodeId node, std::string_view key, std::string_view value_json) override {
    if (node >= servers_ || (key != view::kRole.name && key != view::kLeader.name)) return;
    bool before = recognised_leader();
    if (key == view::kRole.name) {
      is_leader_[node] = value_json == view::quoted(view::role::kLeader);
      has_leaders_ = has_leaders_ || is_leader_[node];
    } else {
      follows_[node] = value_json;
    }
    bool after = recognised_leader();
    if (before && !after) leaderless_since_ = time;
    if (!before && after) leaderless_us_ += time - leaderless_since_;
  }

  void on_fault(TimeUs time, const FaultEvent& fault) override {
    // FNV-1a over every fault's time, kind, nodes and detail: equal schedules, equal hashes.
    auto mix = [this](std::string_view text) {
      for (char c : text) {
        fault_hash_ ^= static_cast<std::uint8_t>(c);
        fault_hash_ *= 0x100000001B3ull;
      }
      fault_hash_ ^= 0xFF;
      fault_hash_ *= 0x100000001B3ull;
    };
    mix(std::to_string(time));
    mix(fault.kind);
    for (NodeId node : fault.nodes) mix(std::to_string(node));
    mix(fault.detail);
  }

  void finish(TimeUs end_us) {
    if (!recognised_leader()) leaderless_us_ += end_us - leaderless_since_;
    failed_ += open_.size();  // still waiting for an answer when the run ended
  }

  void add_to(ComparisonSide& side, const RunResult& run) const {
    ++side.runs;
    if (!run.passed()) ++side.runs_failing_checks;
    side.messages += run.stats.messages_sent;
    side.operations_invoked += invoked_;
    side.operations_committed += committed_;
    side.operations_failed += failed_;
    side.commit_latency_us.merge(latency_us_);
    side.has_leaders = side.has_leaders || has_leaders_;
    side.leaderless_us += static_cast<std::uint64_t>(leaderless_us_);
    side.leaderless_per_run_us.add(leaderless_us_);
  }

  std::uint64_t fault_hash() const { return fault_hash_; }

 private:
  // Some server publishes role "leader" and a majority of the servers publish it as their leader.
  bool recognised_leader() const {
    for (const auto& [node, leading] : is_leader_) {
      if (!leading) continue;
      std::string self = std::to_string(node);
      std::size_t followers = 0;
      for (const auto& [follower, leader] : follows_) followers += leader == self ? 1 : 0;
      if (followers >= servers_ / 2 + 1) return true;
    }
    return false;
  }

  std::size_t servers_;
  std::map<std::pair<NodeId, std::uint64_t>, TimeUs> open_;  // invoked, not yet answered
  std::uint64_t invoked_ = 0, committed_ = 0, failed_ = 0;
  MergedHistogram latency_us_;
  std::map<NodeId, bool> is_leader_;         // by server: its published role is "leader"
  std::map<NodeId, std::string> follows_;    // by server: its published "leader" (JSON text; "" when cleared)
  bool has_leaders_ = false;
  TimeUs leaderless_since_ = 0;
  TimeUs leaderless_us_ = 0;
  std::uint64_t fault_hash_ = 0xCBF29CE484222325ull;
};

// Runs `scenario` at `seed`, folds it into `side`, returns its fault schedule's hash.
std::uint64_t measure(const Scenario& scenario, const ProtocolRegistry& registry, std::uint64_t seed,
                      ComparisonSide& side) {
  RunMeasure measure(scenario.nodes);
  RunOptions options;
  options.seed = seed;
  options.keep_events = false;
  options.observers.push_back(&measure);
  RunResult run = run_scenario(scenario, registry, options);
  measure.finish(run.end_us);
  measure.add_to(side, run);
  return measure.fault_hash();
}

void add_side(ComparisonSide& into, const ComparisonSide& part) {
  into.runs += part.runs;
  into.runs_failing_checks += part.runs_failing_checks;
  into.messages += part.messages;
  into.operations_invoked += part.operations_invoked;
  into.operations_committed += part.operations_committed;
  into.operations_failed += part.operations_failed;
  into.commit_latency_us.merge(part.commit_latency_us);
  into.has_leaders = into.has_leaders || part.has_leaders;
  into.leaderless_us += part.leaderless_us;
  into.leaderless_per_run_us.merge(part.leaderless_per_run_us);
}

nlohmann::json side_to_json(const ComparisonSide& side) {
  nlohmann::json json;
  json["scenario"] = side.scenario;
  json["runs"] = side.runs;
  json["runs_failing_checks"] = side.runs_failing_checks;
  json["messages"] = side.messages;
  json["operations_invoked"] = side.operations_invoked;
  json["operations_committed"] = side.operations_committed;
  json["operations_failed"] = side.operations_failed;
  std::optional<double> per_operation = side.messages_per_operation();
  json["messages_per_committed_operation"] = per_operation ? nlohmann::json(*per_operation) : nlohmann::json();
  json["commit_latency_p50_us"] = side.commit_latency_us.percentile(50);
  json["commit_latency_p99_us"] = side.commit_latency_us.percentile(99);
  if (side.has_leaders) {
    json["leaderless_mean_per_run_us"] = side.runs ? side.leaderless_us / side.runs : 0;
    json["leaderless_p50_per_run_us"] = side.leaderless_per_run_us.percentile(50);
    json["leaderless_max_per_run_us"] = side.leaderless_per_run_us.max();
  } else {
    json["leaderless_mean_per_run_us"] = nullptr;  // no server ever published role "leader"
  }
  return json;
}

}  // namespace

std::optional<double> ComparisonSide::messages_per_operation() const {
  if (operations_committed == 0) return std::nullopt;
  return static_cast<double>(messages) / static_cast<double>(operations_committed);
}

Comparison compare_scenarios(const Scenario& a, const Scenario& b, const ProtocolRegistry& registry,
                             const CompareOptions& options) {
  const std::uint64_t total = options.last_seed - options.first_seed + 1;
  auto jobs = static_cast<unsigned>(std::max<std::uint64_t>(1, std::min<std::uint64_t>(options.jobs, total)));
  struct Tally {
    ComparisonSide a, b;
    std::uint64_t same = 0;
    std::optional<std::uint64_t> first_differ;
  };
  std::vector<Tally> tallies(jobs);
  std::atomic<std::uint64_t> next{0};
  std::mutex error_mutex;
  std::exception_ptr first_error;
  auto worker = [&](Tally& tally) {
    while (true) {
      std::uint64_t index = next.fetch_add(1);
      if (index >= total) return;
      std::uint64_t seed = options.first_seed + index;
      try {
        std::uint64_t hash_a = measure(a, registry, seed, tally.a);
        std::uint64_t hash_b = measure(b, registry, seed, tally.b);
        if (hash_a == hash_b) {
          ++tally.same;
        } else if (!tally.first_differ || seed < *tally.first_differ) {
          tally.first_differ = seed;
        }
      } catch (...) {
        std::lock_guard<std::mutex> lock(error_mutex);
        if (!first_error) first_error = std::current_exception();
        return;
      }
    }
  };
  std::vector<std::thread> threads;
  for (unsigned i = 1; i < jobs; ++i) threads.emplace_back(worker, std::ref(tallies[i]));
  worker(tallies[0]);
  for (std::thread& thread : threads) thread.join();
  if (first_error) std::rethrow_exception(first_error);

  Comparison comparison;
  comparison.first_seed = options.first_seed;
  comparison.last_seed = options.last_seed;
  comparison.a.scenario = a.name;
  comparison.b.scenario = b.name;
  for (const Tally& tally : tallies) {
    add_side(comparison.a, tally.a);
    add_side(comparison.b, tally.b);
    comparison.same_fault_schedule += tally.same;
    if (tally.first_differ &&
        (!comparison.first_seed_faults_differ || *tally.first_differ < *comparison.first_seed_faults_differ)) {
      comparison.first_seed_faults_differ = tally.first_differ;
    }
  }
  return comparison;
}

nlohmann::json comparison_to_json(const Comparison& comparison) {
  nlohmann::json json;
  json["seeds"] = {comparison.first_seed, comparison.last_seed};
  json["same_fault_schedule"] = comparison.same_fault_schedule;
  json["first_seed_faults_differ"] =
      comparison.first_seed_faults_differ ? nlohmann::json(*comparison.first_seed_faults_differ) : nlohmann::json();
  json["a"] = side_to_json(comparison.a);
  json["b"] = side_to_json(comparison.b);
  return json;
}

}  // namespace dsim
