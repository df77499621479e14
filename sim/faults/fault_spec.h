// Faults are data (STYLE.md §6): what a scenario's "faults" list and "nemesis" object say, after
// validation. sim/faults/fault_injector turns them into scheduled simulator controls; targets such
// as "leader" are resolved when the fault fires, from the nodes' published state.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sim/core/ids.h"
#include "sim/core/time.h"
#include "sim/net/link_model.h"

namespace dsim {

// Which nodes a fault touches, decided at the moment it fires.
struct TargetSpec {
  enum class Kind {
    nodes,     // the listed node ids
    leader,    // the live node publishing role "leader" with the highest term (none: skipped)
    random,    // one server the action can change (live; crashed for restart, paused for resume,
               // running for pause), drawn from the fault stream
    minority,  // a random set of floor((n-1)/2) servers
    majority,  // a random set of floor(n/2)+1 servers
    all,       // every server
    others,    // every server the fault's other targets do not choose ("partition leader from the rest")
  };
  Kind kind = Kind::nodes;
  std::vector<NodeId> ids;  // for Kind::nodes
  std::string text;         // as written, for messages: "leader", "[0, 2]"
};

struct FaultSpec {
  enum class Action {
    crash,       // target crashes: volatile state lost, timers gone, messages to it dropped
    restart,     // target restarts from its durable storage
    pause,       // target freezes: messages and timers wait until resume (a GC pause)
    resume,
    partition,   // `groups` cannot reach one another; unlisted servers form one more group
    isolate,     // target is cut off from everyone
    cut,         // one-way: messages from `target` to `to` are lost
    heal,        // every partition, isolation and cut removed
    degrade,     // `link` replaces the model of the links between `target` and `to` (default: all)
    restore,     // every degradation removed: links back to the scenario's network model
    clock,       // target's clock gets `skew_us` and `drift_ppm`
    request,     // `request` is handed to the target node (Node::on_operator_request)
  };
  TimeUs at_us = 0;
  Action action = Action::crash;
  TargetSpec target;                 // crash/restart/pause/resume/isolate/cut(from)/degrade/clock
  std::optional<TargetSpec> to;      // cut: destination; degrade: other end (none: every node)
  std::vector<TargetSpec> groups;    // partition
  LinkModel link;                    // degrade
  DurationUs skew_us = 0;            // clock
  std::int64_t drift_ppm = 0;        // clock
  // Undo this fault, and only this one, after this long (docs/scenario-format.md, "Overlapping
  // faults"): restart, resume, lift the partition / isolation / cut, restore the degradation,
  // take the clock fault off.
  std::optional<DurationUs> for_us;
  std::string request;               // request: the text, such as "put x 5"
  // request: the target node by name ("c0"), resolved when it fires, since clients are made by
  // the protocol and unknown when the scenario loads; empty when `target` names it by id.
  std::string node_name;
  std::string json_path;             // "faults[2]", for messages about this fault
};

// A nemesis move aimed at a weak moment rather than at a random time (docs/scenario-format.md,
// "Aimed moves"): it watches what servers publish, and when a server publishes a new value of
// `key` and the conditions hold, it strikes that server, with probability `chance`. Any protocol
// can be aimed at: `key` is any published key, and the log conditions read the shared replicated-
// log keys (sim/core/view.h: log, log_start, commit_index, term). Raft's weak moments, for
// example, are right after a server votes (voted_for), right after a leader appends (log), and
// when a server that holds uncommitted entries of an old term becomes leader, or a leader's
// commit index lands on an entry of an old term (Figure 8).
struct AimedMove {
  enum class LogCondition {
    any,                   // no condition on the log
    grew,                  // the server's last log index is higher than when this move last looked
    uncommitted_old_term,  // it holds entries past its commit index of a term below its current term
    committed_old_term,    // the entry at its commit index is of a term below its current term
  };
  std::string name;                   // for the narration: "crash right after voting"
  std::string key;                    // the published key whose changes are the moments
  std::string role;                   // when not empty: the server's published role must be this
  std::vector<std::string> except;    // JSON texts: a new value equal to one of these is no moment
  LogCondition log = LogCondition::any;
  FaultSpec::Action action = FaultSpec::Action::crash;  // crash, pause or isolate; undone after `for`
  DurationUs after_min_us = 0;        // the strike comes this long after the moment, drawn in [min, max]
  DurationUs after_max_us = 0;
  DurationUs for_min_us = 0;          // and lasts this long, drawn in [min, max]
  DurationUs for_max_us = 0;
  std::uint64_t chance_ppm = 1000000; // the chance that a moment is struck, in millionths
  std::string json_path;              // "nemesis.aimed[1]", for messages
};

// A random nemesis drawn from the seed: every `every_us` it picks one of `actions`, applies it to
// targets it draws, and undoes it after `duration_us`; and the aimed moves, which strike when
// servers publish what they watch for. A move does not strike again while its last strike is in
// force; neither kind starts a fault before `start_us` or after `stop_us`.
struct NemesisSpec {
  bool enabled = false;
  std::vector<FaultSpec::Action> actions;  // among crash, pause, partition, isolate, degrade, clock
  std::vector<AimedMove> aimed;
  DurationUs every_us = 2 * kSecond;
  DurationUs duration_us = kSecond;
  TimeUs start_us = 0;
  TimeUs stop_us = kTimeNever;  // no new fault starts after this; default: the scenario's heal_at
  LinkModel degraded_link;      // what "degrade" uses
};

const char* fault_action_name(FaultSpec::Action action);

}  // namespace dsim
