// Stories that follow the run: the runner narrates a story line with a "when" only if the events
// it claims happened (scenario.h, StoryCondition). StoryWatch counts, as the run goes, the events
// each condition names, and answers for a line when the run reaches it.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "sim/check/verdict.h"
#include "sim/core/observer.h"
#include "sim/scenario/scenario.h"

namespace dsim {

class StoryWatch final : public Observer {
 public:
  // `node_names`: the run's nodes by id, to resolve each condition's "node" ("leader" is the node
  // that publishes role "leader" when the event happens). Throws ScenarioError (naming
  // story[i].when) when a condition names a node the run does not have.
  StoryWatch(const Scenario& scenario, const std::vector<std::string>& node_names);

  // Whether every condition of story line `line` holds now (true for a line without conditions).
  // `verdicts`: the run's verdicts, for a line that states one (judged at the run's end); null
  // before the checkers have finished, when such a line does not hold.
  bool holds(std::size_t line, const std::vector<Verdict>* verdicts = nullptr) const;
  // Whether the line states a check's verdict, and so waits for the checkers.
  bool claims_verdict(std::size_t line) const;

  void on_fault(TimeUs time, const FaultEvent& fault) override;
  void on_state(TimeUs time, NodeId node, std::string_view key, std::string_view value_json) override;
  void on_mark(TimeUs time, NodeId node, std::string_view name) override;
  void on_metric(TimeUs time, NodeId node, std::string_view name, MetricKind kind, std::int64_t value) override;

 private:
  struct Watched {
    std::size_t line = 0;
    StoryCondition condition;
    NodeId node = kNoNode;      // kNoNode: any node
    bool leader_only = false;   // "node": "leader": only events of a node publishing role "leader"
    std::uint64_t seen = 0;
    std::vector<std::int64_t> values;  // a metric claim's values so far, in the order recorded
  };
  static bool metric_holds(const Watched& watched);
  static bool verdict_holds(const Watched& watched, const std::vector<Verdict>* verdicts);
  static bool same_value(const std::string& claimed, std::string_view published);
  void count(StoryCondition::Kind kind, TimeUs time, NodeId node, std::string_view name, std::string_view value_json);

  bool matches_node(const Watched& watched, NodeId node) const;

  std::vector<Watched> watched_;
  std::vector<bool> leading_;  // by node id: whether it publishes role "leader" now
};

}  // namespace dsim
