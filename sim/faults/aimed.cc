// The aimed nemesis moves (fault_spec.h, AimedMove): they watch what servers publish and strike a
// server at the moment it becomes vulnerable, where a random nemesis would need luck to land
// (FoundationDB's simulator and Jepsen's targeted nemeses aim the same way).
//
// A moment is a server publishing a new value of the watched key (not the value it published
// before a crash, which a restart publishes again). The move looks at it once the
// event that published it is over (a control scheduled at the same virtual time), when everything
// the event published is in place (a Raft server publishes voted_for before its new term): the
// server must be up, not paused, hold the role asked for, the value must not be an excepted one,
// and the log condition must hold. Then, unless the move's last strike is still in force, it
// strikes with its chance: the fault comes `after` later and lasts `for`, both drawn. Every draw
// comes from the injector's stream, in event order, so the same seed strikes the same moments.
#include <algorithm>

#include "sim/core/assert.h"
#include "sim/core/view.h"
#include "sim/faults/fault_injector.h"
#include "sim/faults/published_log.h"

namespace dsim {

FaultInjector::~FaultInjector() {
  if (watch_) simulator_.remove_observer(*watch_);
}

namespace {

std::int64_t published_integer(const Simulator& simulator, NodeId node, std::string_view key, std::int64_t fallback) {
  return parse_json_integer(simulator.published_value(node, key)).value_or(fallback);
}

PublishedLog published_log(const Simulator& simulator, NodeId node) {
  PublishedLog log;
  log.start = published_integer(simulator, node, view::kLogStart.name, 1);
  log.terms = parse_json_integer_array(simulator.published_value(node, view::kLog)).value_or(std::vector<std::int64_t>{});
  log.commit_index = published_integer(simulator, node, view::kCommitIndex.name, 0);
  log.term = published_integer(simulator, node, view::kTerm.name, 0);
  return log;
}

DurationUs draw_between(Rng& rng, DurationUs low, DurationUs high) { return low == high ? low : rng.uniform(low, high); }

}  // namespace

void FaultInjector::watch_aimed(const NemesisSpec& nemesis, TimeUs stop_us) {
  DSIM_ASSERT(aimed_.empty(), "the aimed moves are set up once");
  for (const AimedMove& move : nemesis.aimed) aimed_.push_back(AimedState{move, 0, {}, {}, {}});
  aimed_start_us_ = nemesis.start_us;
  aimed_stop_us_ = stop_us;
  watch_ = std::make_unique<PublishedStateWatch>(*this);
  simulator_.add_observer(*watch_);
}

void FaultInjector::on_published(NodeId server, std::string_view key, std::string_view value) {
  if (value.empty()) return;  // a crash clearing the server's state is no moment
  TimeUs now = simulator_.now();
  if (now < aimed_start_us_ || now >= aimed_stop_us_) return;
  if (!std::binary_search(servers_.begin(), servers_.end(), server)) return;
  for (std::size_t index = 0; index < aimed_.size(); ++index) {
    AimedState& state = aimed_[index];
    if (state.move.key != key) continue;
    // A restarted server publishes its durable state again (its vote, its log): that is no new
    // moment, and striking it would crash it again at every restart.
    std::string& last = state.last_value[server];
    if (last == value) continue;
    last = std::string(value);
    if (!state.pending.insert(server).second) continue;
    simulator_.schedule(now, [this, index, server](Simulator&) { consider_aimed(index, server); });
  }
}

void FaultInjector::consider_aimed(std::size_t index, NodeId server) {
  AimedState& state = aimed_[index];
  const AimedMove& move = state.move;
  state.pending.erase(server);
  if (!simulator_.alive(server) || simulator_.paused(server)) return;
  std::string_view value = simulator_.published_value(server, move.key);
  if (value.empty() || std::find(move.except.begin(), move.except.end(), value) != move.except.end()) return;
  if (!move.role.empty() && simulator_.published_value(server, view::kRole) != view::quoted(move.role)) return;
  PublishedLog log = published_log(simulator_, server);
  switch (move.log) {
    case AimedMove::LogCondition::any: break;
    case AimedMove::LogCondition::grew: {
      std::int64_t& seen = state.last_index[server];
      bool grew = log.last_index() > seen;
      seen = log.last_index();
      if (!grew) return;
      break;
    }
    case AimedMove::LogCondition::uncommitted_old_term:
      if (!log.holds_uncommitted_entries_of_old_term()) return;
      break;
    case AimedMove::LogCondition::committed_old_term:
      if (!log.commit_index_on_old_term()) return;
      break;
  }
  TimeUs now = simulator_.now();
  if (now < state.busy_until_us) return;  // its last strike is still in force
  if (!rng_.chance(move.chance_ppm, 1000000)) return;
  DurationUs after = draw_between(rng_, move.after_min_us, move.after_max_us);
  DurationUs lasting = draw_between(rng_, move.for_min_us, move.for_max_us);
  if (now + after >= aimed_stop_us_) return;
  state.busy_until_us = now + after + lasting;
  FaultSpec fault;
  fault.at_us = now + after;
  fault.action = move.action;
  fault.target = TargetSpec{TargetSpec::Kind::nodes, {server}, simulator_.node_name(server)};
  fault.for_us = std::min(lasting, aimed_stop_us_ - fault.at_us);
  fault.json_path = move.json_path;
  // A long value (a log) is cut short: the narration is one line.
  constexpr std::size_t kShownValue = 40;
  std::string shown = value.size() <= kShownValue ? std::string(value) : std::string(value.substr(0, kShownValue)) + "...";
  simulator_.narrate("the nemesis aims \"" + move.name + "\" at " + simulator_.node_name(server) + " (it published " +
                     move.key + " " + shown + ")");
  simulator_.schedule(fault.at_us, [this, fault](Simulator&) { apply(fault); });
}

}  // namespace dsim
