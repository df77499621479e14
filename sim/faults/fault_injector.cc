// The nemesis: scheduled faults, run-time target resolution, and the random nemesis.
//
// Sections: resolving targets; applying a fault (and scheduling its undo); the random nemesis.
// Node faults (crash, restart, pause, resume, clock) go through the Simulator, which reports them
// to observers; network faults change the Network and are reported here with a readable detail.
// Every random choice comes from the injector's own stream, derived from the run's seed and the
// name "faults", in event order, so the same seed always breaks the same things at the same time.
#include "sim/faults/fault_injector.h"

#include <algorithm>
#include <functional>
#include <iterator>
#include <utility>

#include "sim/core/assert.h"

namespace dsim {
namespace {

// The random nemesis's clock faults: a skew in [-kNemesisMaxSkewUs, kNemesisMaxSkewUs] and a drift
// in [-kNemesisMaxDriftPpm, kNemesisMaxDriftPpm]. Large enough to break lease-based reads,
// small enough that timeouts still fire in a teaching run.
constexpr DurationUs kNemesisMaxSkewUs = 200 * kMillisecond;
constexpr std::int64_t kNemesisMaxDriftPpm = 500;

// A bound on the nemesis's faults in one run (STYLE.md §9): more means `every` is absurdly small.
constexpr std::uint64_t kNemesisMaxFaults = 1000000;

std::string describe_nodes(const std::vector<NodeId>& nodes) {
  std::string text = "{";
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    if (i > 0) text += ",";
    text += std::to_string(nodes[i]);
  }
  return text + "}";
}

std::string target_text(const TargetSpec& target) {
  if (!target.text.empty()) return target.text;
  switch (target.kind) {
    case TargetSpec::Kind::nodes: return describe_nodes(target.ids);
    case TargetSpec::Kind::leader: return "leader";
    case TargetSpec::Kind::random: return "random";
    case TargetSpec::Kind::minority: return "minority";
    case TargetSpec::Kind::majority: return "majority";
    case TargetSpec::Kind::all: return "all";
    case TargetSpec::Kind::others: return "others";
  }
  return "?";
}

// The published "term" as an integer; -1 when absent or not a plain integer.
std::int64_t published_term(const Simulator& simulator, NodeId node) {
  std::string_view text = simulator.published_value(node, "term");
  if (text.empty()) return -1;
  std::int64_t value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return -1;
    value = value * 10 + (c - '0');
  }
  return value;
}

std::vector<NodeId> sorted_union(std::vector<NodeId> a, const std::vector<NodeId>& b) {
  a.insert(a.end(), b.begin(), b.end());
  std::sort(a.begin(), a.end());
  a.erase(std::unique(a.begin(), a.end()), a.end());
  return a;
}

// A degrade with no target, or "all" and no other end, degrades the whole network.
bool degrades_every_link(const FaultSpec& fault) {
  bool whole = fault.target.kind == TargetSpec::Kind::all ||
               (fault.target.kind == TargetSpec::Kind::nodes && fault.target.ids.empty() && fault.target.text.empty());
  return whole && !fault.to;
}

}  // namespace

FaultInjector::FaultInjector(Simulator& simulator, Network& network, std::vector<NodeId> servers)
    : simulator_(simulator), network_(network), servers_(std::move(servers)), rng_(simulator.derive_rng("faults")) {
  std::sort(servers_.begin(), servers_.end());
  servers_.erase(std::unique(servers_.begin(), servers_.end()), servers_.end());
}

void FaultInjector::schedule(const std::vector<FaultSpec>& faults) {
  for (const FaultSpec& fault : faults) {
    simulator_.schedule(fault.at_us, [this, fault](Simulator&) { apply(fault); });
  }
}

// ---------------------------------------------------------------- resolving targets

std::vector<NodeId> FaultInjector::resolve(const TargetSpec& target) { return resolve(target, FaultSpec::Action::crash); }

std::vector<NodeId> FaultInjector::resolve(const TargetSpec& target, FaultSpec::Action action) {
  std::vector<NodeId> chosen;
  switch (target.kind) {
    case TargetSpec::Kind::nodes:
      for (NodeId node : target.ids) {
        DSIM_ASSERT(node < simulator_.node_count(), "a fault names a node that does not exist");
      }
      chosen = target.ids;
      break;
    case TargetSpec::Kind::leader: {
      NodeId leader = kNoNode;
      std::int64_t leader_term = -2;
      for (NodeId node : servers_) {
        if (!simulator_.alive(node) || simulator_.published_value(node, "role") != "\"leader\"") continue;
        std::int64_t term = published_term(simulator_, node);
        if (term > leader_term) {  // ascending ids: the lowest id wins a tie
          leader = node;
          leader_term = term;
        }
      }
      if (leader != kNoNode) chosen.push_back(leader);
      break;
    }
    case TargetSpec::Kind::random: {
      // A restart wants a crashed server; everything else a live one.
      bool want_alive = action != FaultSpec::Action::restart;
      std::vector<NodeId> candidates;
      for (NodeId node : servers_) {
        if (simulator_.alive(node) == want_alive) candidates.push_back(node);
      }
      if (!candidates.empty()) chosen.push_back(rng_.pick(candidates));
      break;
    }
    case TargetSpec::Kind::minority:
    case TargetSpec::Kind::majority: {
      std::size_t n = servers_.size();
      std::size_t size = target.kind == TargetSpec::Kind::minority ? (n == 0 ? 0 : (n - 1) / 2) : n / 2 + 1;
      size = std::min(size, n);
      std::vector<NodeId> shuffled = servers_;
      rng_.shuffle(shuffled);
      chosen.assign(shuffled.begin(), shuffled.begin() + static_cast<std::ptrdiff_t>(size));
      break;
    }
    case TargetSpec::Kind::all: chosen = servers_; break;
    case TargetSpec::Kind::others:
      std::set_difference(servers_.begin(), servers_.end(), last_targets_.begin(), last_targets_.end(),
                          std::back_inserter(chosen));
      break;
  }
  std::sort(chosen.begin(), chosen.end());
  chosen.erase(std::unique(chosen.begin(), chosen.end()), chosen.end());
  return chosen;
}

std::string FaultInjector::why_nobody(const TargetSpec& target, FaultSpec::Action action) const {
  switch (target.kind) {
    case TargetSpec::Kind::nodes: return "no node named";
    case TargetSpec::Kind::leader: return "no node is leader";
    case TargetSpec::Kind::random:
      return action == FaultSpec::Action::restart ? "no server is down" : "no server is alive";
    case TargetSpec::Kind::minority: return "too few servers for a minority";
    case TargetSpec::Kind::majority:
    case TargetSpec::Kind::all: return "there are no servers";
    case TargetSpec::Kind::others: return "every server was a target of the previous fault";
  }
  return "nobody";
}

void FaultInjector::skip(const FaultSpec& fault, const std::string& reason) {
  simulator_.narrate(std::string("fault skipped: ") + fault_action_name(fault.action) + " " +
                     target_text(fault.target) + ": " + reason);
}

// ---------------------------------------------------------------- applying a fault

void FaultInjector::apply(const FaultSpec& fault) {
  using Action = FaultSpec::Action;
  // Runs `undo` after the fault's `for`, when it has one.
  auto undo_after = [&](std::function<void(Simulator&)> undo) {
    if (fault.for_us) simulator_.schedule(simulator_.now() + std::max<DurationUs>(*fault.for_us, 0), std::move(undo));
  };
  auto heal = [this](Simulator& simulator) {
    network_.heal();
    simulator.report_fault(FaultEvent{"heal", {}, "all partitions and cuts removed"});
  };

  switch (fault.action) {
    case Action::heal: heal(simulator_); return;

    case Action::restore:
      network_.reset_all_links();
      simulator_.report_fault(FaultEvent{"restore", {}, "links back to the scenario's network model"});
      return;

    case Action::partition: {
      // Groups resolve in order; "others" in a later group means servers in no earlier group.
      std::vector<std::vector<NodeId>> groups;
      std::vector<NodeId> everyone;
      for (std::size_t g = 0; g < fault.groups.size(); ++g) {
        std::vector<NodeId> members = resolve(fault.groups[g], fault.action);
        everyone = sorted_union(std::move(everyone), members);
        last_targets_ = everyone;
        if (!members.empty()) groups.push_back(std::move(members));
      }
      if (groups.empty()) return skip(fault, "no group names a node");
      network_.partition(groups);
      simulator_.report_fault(FaultEvent{"partition", everyone, "groups " + network_.describe_partition()});
      undo_after(heal);
      return;
    }

    case Action::degrade: {
      std::string detail = describe_link(fault.link);
      if (degrades_every_link(fault)) {
        network_.set_all_links(fault.link);
        simulator_.report_fault(FaultEvent{"degrade", {}, detail + " on all links"});
        undo_after([this](Simulator& simulator) {
          network_.reset_all_links();
          simulator.report_fault(FaultEvent{"restore", {}, "links back to the scenario's network model"});
        });
        return;
      }
      std::vector<NodeId> ends = resolve(fault.target, fault.action);
      if (ends.empty()) return skip(fault, why_nobody(fault.target, fault.action));
      std::vector<NodeId> other_ends;
      if (fault.to) {
        other_ends = resolve(*fault.to, fault.action);
        if (other_ends.empty()) return skip(fault, "its other end " + why_nobody(*fault.to, fault.action));
      } else {
        for (NodeId node = 0; node < simulator_.node_count(); ++node) other_ends.push_back(node);
      }
      std::vector<std::pair<NodeId, NodeId>> degraded;
      for (NodeId a : ends) {
        for (NodeId b : other_ends) {
          if (a == b) continue;
          network_.set_link(a, b, fault.link);
          network_.set_link(b, a, fault.link);
          degraded.emplace_back(a, b);
        }
      }
      last_targets_ = ends;
      std::string where = " on links between " + describe_nodes(ends) + " and " +
                          (fault.to ? describe_nodes(other_ends) : std::string("every node"));
      simulator_.report_fault(FaultEvent{"degrade", sorted_union(ends, fault.to ? other_ends : std::vector<NodeId>{}),
                                         detail + where});
      undo_after([this, degraded, ends, where](Simulator& simulator) {
        for (const auto& [a, b] : degraded) {
          network_.reset_link(a, b);
          network_.reset_link(b, a);
        }
        simulator.report_fault(FaultEvent{"restore", ends, "scenario's network model" + where});
      });
      return;
    }

    case Action::cut: {
      std::vector<NodeId> sources = resolve(fault.target, fault.action);
      if (sources.empty()) return skip(fault, why_nobody(fault.target, fault.action));
      if (!fault.to) return skip(fault, "it names no destination");
      std::vector<NodeId> destinations = resolve(*fault.to, fault.action);
      if (destinations.empty()) return skip(fault, "its destination " + why_nobody(*fault.to, fault.action));
      std::string detail;
      for (NodeId from : sources) {
        for (NodeId to : destinations) {
          if (from == to) continue;
          network_.cut_one_way(from, to);
          detail += (detail.empty() ? "" : ", ") + std::to_string(from) + "->" + std::to_string(to);
        }
      }
      last_targets_ = sources;
      simulator_.report_fault(FaultEvent{"cut", sorted_union(sources, destinations), detail});
      undo_after(heal);
      return;
    }

    case Action::request: {
      NodeId node = fault.target.ids.empty() ? kNoNode : fault.target.ids.front();
      if (!fault.node_name.empty()) {
        node = kNoNode;
        for (NodeId id = 0; id < simulator_.node_count(); ++id) {
          if (simulator_.node_name(id) == fault.node_name) node = id;
        }
        if (node == kNoNode) return skip(fault, "the run has no node named \"" + fault.node_name + "\"");
      }
      if (node == kNoNode || node >= simulator_.node_count()) {
        return skip(fault, "the run has " + std::to_string(simulator_.node_count()) + " nodes");
      }
      if (!simulator_.alive(node)) return skip(fault, simulator_.node_name(node) + " is down");
      if (simulator_.paused(node)) return skip(fault, simulator_.node_name(node) + " is paused");
      // Reported before the node acts, so the trace shows the request before what it causes.
      simulator_.report_fault(FaultEvent{"request", {node}, fault.request});
      std::string refusal = simulator_.operator_request(node, fault.request);
      if (!refusal.empty()) simulator_.narrate(simulator_.node_name(node) + " refused the request: " + refusal);
      return;
    }

    case Action::crash:
    case Action::restart:
    case Action::pause:
    case Action::resume:
    case Action::isolate:
    case Action::clock: break;
  }

  // Faults that act on each target node.
  std::vector<NodeId> targets = resolve(fault.target, fault.action);
  if (targets.empty()) return skip(fault, why_nobody(fault.target, fault.action));
  last_targets_ = targets;
  switch (fault.action) {
    case Action::crash:
      for (NodeId node : targets) simulator_.crash(node);
      undo_after([targets](Simulator& simulator) {
        for (NodeId node : targets) simulator.restart(node);
      });
      return;
    case Action::restart:
      for (NodeId node : targets) simulator_.restart(node);
      return;
    case Action::pause:
      for (NodeId node : targets) simulator_.pause(node);
      undo_after([targets](Simulator& simulator) {
        for (NodeId node : targets) simulator.resume(node);
      });
      return;
    case Action::resume:
      for (NodeId node : targets) simulator_.resume(node);
      return;
    case Action::isolate:
      for (NodeId node : targets) network_.isolate(node);
      simulator_.report_fault(FaultEvent{"isolate", targets, "cut off from every other node: " + network_.describe_partition()});
      undo_after(heal);
      return;
    case Action::clock:
      for (NodeId node : targets) simulator_.set_clock(node, fault.skew_us, fault.drift_ppm);
      undo_after([targets](Simulator& simulator) {
        for (NodeId node : targets) simulator.set_clock(node, 0, 0);
      });
      return;
    default: DSIM_ASSERT(false, "network faults are handled above");
  }
}

// ---------------------------------------------------------------- the random nemesis

void FaultInjector::schedule_nemesis(const NemesisSpec& nemesis, TimeUs end_us) {
  if (!nemesis.enabled || nemesis.actions.empty()) return;
  DSIM_ASSERT(nemesis.every_us > 0, "the nemesis strikes at a positive interval");
  TimeUs stop_us = std::min(nemesis.stop_us, end_us);
  DSIM_ASSERT(stop_us < kTimeNever, "the nemesis needs a stop time or a run end");
  TimeUs first = std::max(nemesis.start_us, simulator_.now());
  if (first >= stop_us) return;
  DSIM_ASSERT(static_cast<std::uint64_t>((stop_us - first) / nemesis.every_us) < kNemesisMaxFaults,
              "the nemesis would strike too often: raise `every`");
  simulator_.schedule(first, [this, nemesis, stop_us](Simulator&) { fire_nemesis(nemesis, stop_us); });
}

// Draws, in this order from the faults stream: the action; its targets; for a clock fault, the
// skew and then the drift. The fault is undone after `duration_us`, or at the stop time if sooner.
void FaultInjector::fire_nemesis(const NemesisSpec& nemesis, TimeUs stop_us) {
  using Action = FaultSpec::Action;
  TimeUs now = simulator_.now();
  FaultSpec fault;
  fault.at_us = now;
  fault.action = nemesis.actions[rng_.index(nemesis.actions.size())];
  fault.target = TargetSpec{TargetSpec::Kind::random, {}, "random"};
  fault.json_path = "nemesis";
  switch (fault.action) {
    case Action::partition:
      // A random minority against the rest: unlisted nodes (the majority and any clients) form
      // the other group.
      fault.groups = {TargetSpec{TargetSpec::Kind::minority, {}, "minority"}};
      break;
    case Action::degrade:
      fault.target = TargetSpec{TargetSpec::Kind::all, {}, "all"};
      fault.link = nemesis.degraded_link;
      break;
    case Action::clock:
      break;  // skew and drift are drawn after the target, below
    case Action::heal:
    case Action::restore:
    case Action::crash:
    case Action::restart:
    case Action::pause:
    case Action::resume:
    case Action::isolate:
    case Action::request:
    case Action::cut: break;
  }
  bool undoable = fault.action != Action::heal && fault.action != Action::restore && fault.action != Action::request &&
                  fault.action != Action::restart && fault.action != Action::resume;
  if (undoable) fault.for_us = std::min(nemesis.duration_us, stop_us - now);
  if (fault.action == Action::clock) {
    // Resolve the target first so the draws keep their documented order.
    fault.target = TargetSpec{TargetSpec::Kind::nodes, resolve(fault.target, fault.action), "random"};
    fault.skew_us = rng_.uniform(-kNemesisMaxSkewUs, kNemesisMaxSkewUs);
    fault.drift_ppm = rng_.uniform(-kNemesisMaxDriftPpm, kNemesisMaxDriftPpm);
  }
  if (fault.action == Action::cut) {
    // A one-way cut between two random live servers.
    fault.target = TargetSpec{TargetSpec::Kind::nodes, resolve(fault.target, fault.action), "random"};
    fault.to = TargetSpec{TargetSpec::Kind::random, {}, "random"};
  }
  apply(fault);
  TimeUs next = now + nemesis.every_us;
  if (next < stop_us) {
    simulator_.schedule(next, [this, nemesis, stop_us](Simulator&) { fire_nemesis(nemesis, stop_us); });
  }
}

}  // namespace dsim
