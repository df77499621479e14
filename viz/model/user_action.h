// What a person can do to a live run from the window ("break it"): crash, restart, pause or resume
// a node, isolate it, partition a group from the rest, heal, degrade or cut a link, restore the
// links, type a request at a client. Each becomes one fault in the scenario format's own words,
// so a session is a scenario with more faults, exported and replayed by the same loader and runner.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "sim/core/ids.h"
#include "sim/core/time.h"
#include "sim/trace/trace_reader.h"

namespace dsim::viz {

struct UserAction {
  enum class Kind {
    crash, restart, pause, resume, isolate,  // `nodes` = {the node}
    partition,                               // `nodes` = the group; the other servers are the rest
    heal,                                    // every partition and cut removed
    slow_link,                               // `nodes` = {a, b}: the link a-b gets kSlowLinkLatency
    lossy_link,                              // `nodes` = {a, b}: the link a-b loses kLossyLinkLoss
    cut_one_way,                             // `nodes` = {from, to}: messages from -> to are lost
    restore,                                 // every link back to the scenario's network model
    request,                                 // `nodes` = {the node}; `text` = the request
  };
  Kind kind = Kind::crash;
  TimeUs at_us = 0;
  std::vector<NodeId> nodes;
  std::string text;
};

// The link presets of the topology view's link menu.
inline constexpr const char* kSlowLinkLatency = "200ms";
inline constexpr double kLossyLinkLoss = 0.3;

// The fault object for a scenario's "faults" list: {"at": "2.5s", "crash": 2}. "at" is written
// the way the format writes durations (format_duration), so it reads back to the same microsecond.
nlohmann::json user_action_fault(const UserAction& action);

// Reads an action as dsim-viz --act writes it: "TIME ACTION ARGS", e.g. "2s crash n0",
// "3s partition n1,n2", "4s heal", "4s restore", "3s slow n0 n1", "3s lossy n0 n1",
// "3s cut n0 n1" (one way, n0 to n1), "5s request c0 put x 5" (the rest is the request).
// Nodes by name or id. Returns nothing and why in `error` when it cannot.
std::optional<UserAction> parse_user_action(std::string_view text, const std::vector<TraceNode>& nodes, std::string& error);

// "crash n2", "partition {n0, n1} from the rest", "request c0: put x 5", with the run's node names.
std::string describe_user_action(const UserAction& action, const std::vector<TraceNode>& nodes);

}  // namespace dsim::viz
