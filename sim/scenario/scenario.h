// A scenario after loading and validation: everything `dsim run` needs, in plain data. The raw
// JSON of "params" and "workload" is kept for the protocol to read (each protocol validates its
// own through JsonReader, so its errors name the same file and path).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "sim/core/causal_clocks.h"
#include "sim/core/send_rate_guard.h"
#include "sim/core/time.h"
#include "sim/faults/fault_spec.h"
#include "sim/net/link_model.h"
#include "sim/net/network.h"

namespace dsim {

// What a story line claims happened in the run (docs/scenario-format.md, "Stories that follow the
// run"): events of one kind, between `after_us` and the line's own time. A line with conditions is
// narrated as written only when they all hold; otherwise its `unmet_text` is narrated, so a story
// never states a fact that a fork, a --set or another seed took away.
struct StoryCondition {
  enum class Kind : std::uint8_t { mark, fault, state, metric, check };
  Kind kind = Kind::mark;
  // mark: its name; fault: its kind ("crash", "heal"...); state: the key; metric: the metric's
  // name; check: the check whose verdict the line states
  std::string name;
  std::string value_json;  // state: the value the key must be published with, as compact JSON; "" any value
  std::string node;        // only events of this node (a name such as "n3" or "c0"); "" any node
  TimeUs after_us = 0;     // only events at or after this time
  std::uint64_t at_least = 1;  // how many such events; 0 with `happened` false: none at all
  bool happened = true;        // false: the line claims that no such event happened
  // metric: which statistic of the values recorded so far ("total", "count", "last", "min", "max",
  // "mean", "p50", "p90", "p99"), and the inclusive band it must lie in.
  std::string stat;
  double min = -1e300;
  double max = 1e300;
  bool passed = true;  // check: the verdict the line states (true: the check passed)
};

struct StoryLine {
  TimeUs at_us = 0;
  std::string text;
  // Conditions, all of which must hold for `text` to be narrated (empty: a line that explains
  // rather than reports, narrated always).
  std::vector<StoryCondition> when;
  std::string when_json;   // the conditions as the scenario wrote them (compact JSON), for the trace
  std::string unmet_text;  // narrated instead when a condition does not hold; "" without conditions
};

enum class ExpectedVerdict : std::uint8_t { pass, fail };

struct NodeLayout {  // optional position hints for the visualizer, in 0..1 of the canvas
  double x = 0;
  double y = 0;
};

// A per-link override from "network.links": the directed link from -> to uses `link` instead of
// the default. "both_ways": true (the default) is expanded into two entries at load time.
struct LinkOverride {
  NodeId from = 0;
  NodeId to = 0;
  LinkModel link;
};

// One knob of a swarm scenario (docs/scenario-format.md, "Swarm"): a scenario path, as --set
// writes it, whose value each run draws from its seed, either one of `choices` (JSON texts) or a
// value between `low` and `high` (integers, numbers or durations).
struct SwarmKnob {
  enum class Kind { choices, integer, number, duration };
  std::string path;                  // "nemesis.every"
  Kind kind = Kind::choices;
  std::vector<std::string> choices;  // for Kind::choices: each a JSON text
  double low = 0;                    // for the ranges: integers and durations (in microseconds) are whole
  double high = 0;
  std::string json_path;             // "swarm[\"nemesis.every\"]", for messages
};

// "storage": how long a node's durable writes take (sim/core/disk.h). With no latency given at all,
// every write is durable at once, as it always was.
struct StorageSpec {
  std::optional<LatencyDistribution> write_latency;  // every node's, unless per_node says otherwise
  std::vector<std::pair<NodeId, LatencyDistribution>> per_node;  // "per_node" exceptions, in file order
  bool enabled() const { return write_latency.has_value() || !per_node.empty(); }
};

// The most servers a scenario may ask for: a gossip run of 100,000 sites is measured in
// docs/concepts/gossip.md; past a million the per-node tables of the simulator and the network
// would need another look.
inline constexpr std::int64_t kMaxScenarioNodes = 1000000;

struct Scenario {
  std::string file;      // where it was loaded from ("<string>" for text)
  std::string name;      // "raft/leader-crash"
  std::string title;     // "Raft: the leader crashes"
  std::string summary;   // one line
  std::vector<std::string> learn;
  std::string protocol;  // registry key
  std::uint64_t seed = 1;
  DurationUs duration_us = 10 * kSecond;
  std::uint32_t nodes = 3;   // servers (1..kMaxScenarioNodes); protocols may add client nodes after them
  std::vector<std::string> node_names;  // optional, one per server
  std::vector<NodeLayout> layout;       // optional, one per server

  LinkModel network;                    // the default link
  std::vector<LinkOverride> links;      // directed exceptions to the default, in file order
  std::vector<TopologyEdge> topology;   // empty: full mesh
  StorageSpec storage;                  // "storage"
  DurationUs timer_jitter_us = 0;       // "timers": {"jitter"}: each timer fires up to this late
  std::vector<FaultSpec> faults;
  NemesisSpec nemesis;
  // After this time the nemesis stops and every fault is undone (partitions healed, crashed
  // servers restarted, paused ones resumed), so that checkers can demand convergence.
  std::optional<TimeUs> heal_at_us;
  // The send-rate guard: a node that sends more than this many messages within one second of
  // virtual time stops the run as a runaway (sim/core/send_rate_guard.h).
  std::uint64_t max_sends_per_second = SendRateGuard::kDefaultMaxSendsPerSecond;
  // "clocks": the simulator stamps every send, delivery and timer firing with each node's Lamport
  // or vector clock, and the clock_order check judges them (sim/core/causal_clocks.h).
  ClockMode clocks = ClockMode::off;

  // A swarm scenario draws these knobs from each run's seed before the run (run.cc); the scenario
  // that runs is the one drawn, which has none.
  std::vector<SwarmKnob> swarm;

  std::vector<std::string> checks;
  std::vector<std::string> expect_marks;
  // "fail" for a scenario that fails on purpose (a bug switch, an anomaly the isolation level
  // allows); "pass" otherwise. `dsim list` shows it; the library tests hold every scenario to it.
  ExpectedVerdict expect_verdict = ExpectedVerdict::pass;
  std::vector<StoryLine> story;

  // The validated source, with --set overrides applied; "params" and "workload" are read from it
  // by the protocol.
  std::shared_ptr<const nlohmann::json> source;
};

}  // namespace dsim
