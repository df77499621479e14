// The random nemesis: every `every` it draws one action and its targets from the faults stream
// and applies it through the same per-action functions as a scheduled fault, with a `for` of
// `duration` (cut short at the stop time).
#include <algorithm>

#include "sim/core/assert.h"
#include "sim/faults/fault_injector.h"

namespace dsim {
namespace {

// The random nemesis's clock faults: a skew in [-kNemesisMaxSkewUs, kNemesisMaxSkewUs] and a drift
// in [-kNemesisMaxDriftPpm, kNemesisMaxDriftPpm]. Large enough to break lease-based reads,
// small enough that timeouts still fire in a teaching run.
constexpr DurationUs kNemesisMaxSkewUs = 200 * kMillisecond;
constexpr std::int64_t kNemesisMaxDriftPpm = 500;

// A bound on the nemesis's faults in one run (STYLE.md §9): more means `every` is absurdly small.
constexpr std::uint64_t kNemesisMaxFaults = 1000000;

}  // namespace

void FaultInjector::schedule_nemesis(const NemesisSpec& nemesis, TimeUs end_us) {
  if (!nemesis.enabled) return;
  TimeUs stop_us = std::min(nemesis.stop_us, end_us);
  DSIM_ASSERT(stop_us < kTimeNever, "the nemesis needs a stop time or a run end");
  if (!nemesis.aimed.empty()) watch_aimed(nemesis, stop_us);
  if (nemesis.actions.empty()) return;
  DSIM_ASSERT(nemesis.every_us > 0, "the nemesis strikes at a positive interval");
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
