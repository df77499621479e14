// Resolving targets when a fault fires: "leader" from the nodes' published state, "random" (a
// server the action can change), "minority" and "majority" from the injector's stream, and "others" as the servers a fault's
// other targets did not choose (the one meaning of "others", in every action that has it).
#include <algorithm>
#include <iterator>

#include "sim/core/assert.h"
#include "sim/faults/fault_injector.h"

namespace dsim {
namespace {

// The published term (view::kTerm) as an integer; -1 when absent or not a plain integer.
std::int64_t published_term(const Simulator& simulator, NodeId node) {
  std::string_view text = simulator.published_value(node, view::kTerm);
  if (text.empty()) return -1;
  std::int64_t value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return -1;
    value = value * 10 + (c - '0');
  }
  return value;
}

}  // namespace

// "random" draws among the servers the action can change: a crashed one for a restart, a paused
// one for a resume, a running one for a pause, a live one for everything else.
bool FaultInjector::can_act_on(NodeId node, FaultSpec::Action action) const {
  switch (action) {
    case FaultSpec::Action::restart: return !simulator_.alive(node);
    case FaultSpec::Action::resume: return simulator_.alive(node) && simulator_.paused(node);
    case FaultSpec::Action::pause: return simulator_.alive(node) && !simulator_.paused(node);
    default: return simulator_.alive(node);
  }
}

std::vector<NodeId> FaultInjector::resolve(const TargetSpec& target, FaultSpec::Action action) {
  return resolve_together({&target}, action).front();
}

std::vector<std::vector<NodeId>> FaultInjector::resolve_together(const std::vector<const TargetSpec*>& targets,
                                                                 FaultSpec::Action action) {
  std::vector<std::vector<NodeId>> resolved(targets.size());
  std::vector<NodeId> chosen;  // by every target but "others", sorted
  for (std::size_t t = 0; t < targets.size(); ++t) {
    const TargetSpec& target = *targets[t];
    std::vector<NodeId>& nodes = resolved[t];
    switch (target.kind) {
      case TargetSpec::Kind::nodes:
        for (NodeId node : target.ids) {
          DSIM_ASSERT(node < simulator_.node_count(), "a fault names a node that does not exist");
        }
        nodes = target.ids;
        break;
      case TargetSpec::Kind::leader: {
        NodeId leader = kNoNode;
        std::int64_t leader_term = -2;
        for (NodeId node : servers_) {
          if (!simulator_.alive(node) || simulator_.published_value(node, view::kRole) != view::quoted(view::role::kLeader)) continue;
          std::int64_t term = published_term(simulator_, node);
          if (term > leader_term) {  // ascending ids: the lowest id wins a tie
            leader = node;
            leader_term = term;
          }
        }
        if (leader != kNoNode) nodes.push_back(leader);
        break;
      }
      case TargetSpec::Kind::random: {
        std::vector<NodeId> candidates;
        for (NodeId node : servers_) {
          if (can_act_on(node, action)) candidates.push_back(node);
        }
        if (!candidates.empty()) nodes.push_back(rng_.pick(candidates));
        break;
      }
      case TargetSpec::Kind::minority:
      case TargetSpec::Kind::majority: {
        std::size_t n = servers_.size();
        std::size_t size = target.kind == TargetSpec::Kind::minority ? (n == 0 ? 0 : (n - 1) / 2) : n / 2 + 1;
        size = std::min(size, n);
        std::vector<NodeId> shuffled = servers_;
        rng_.shuffle(shuffled);
        nodes.assign(shuffled.begin(), shuffled.begin() + static_cast<std::ptrdiff_t>(size));
        break;
      }
      case TargetSpec::Kind::all: nodes = servers_; break;
      case TargetSpec::Kind::others: continue;  // below, once every other target is known
    }
    std::sort(nodes.begin(), nodes.end());
    nodes.erase(std::unique(nodes.begin(), nodes.end()), nodes.end());
    std::vector<NodeId> both;
    std::set_union(chosen.begin(), chosen.end(), nodes.begin(), nodes.end(), std::back_inserter(both));
    chosen = std::move(both);
  }
  for (std::size_t t = 0; t < targets.size(); ++t) {
    if (targets[t]->kind != TargetSpec::Kind::others) continue;
    std::set_difference(servers_.begin(), servers_.end(), chosen.begin(), chosen.end(),
                        std::back_inserter(resolved[t]));
  }
  return resolved;
}

std::string FaultInjector::why_nobody(const TargetSpec& target, FaultSpec::Action action) const {
  switch (target.kind) {
    case TargetSpec::Kind::nodes: return "no node named";
    case TargetSpec::Kind::leader: return "no node is leader";
    case TargetSpec::Kind::random:
      switch (action) {
        case FaultSpec::Action::restart: return "no server is down";
        case FaultSpec::Action::resume: return "no server is paused";
        case FaultSpec::Action::pause: return "no server is running";
        default: return "no server is alive";
      }
    case TargetSpec::Kind::minority: return "too few servers for a minority";
    case TargetSpec::Kind::majority:
    case TargetSpec::Kind::all: return "there are no servers";
    case TargetSpec::Kind::others: return "the fault's other targets chose every server";
  }
  return "nobody";
}

}  // namespace dsim
