// State Machine Safety (see state_machine_safety.h).
#include "sim/check/state_machine_safety.h"

#include <nlohmann/json.hpp>

namespace dsim {

void StateMachineSafetyChecker::on_state(TimeUs time, NodeId node, std::string_view key,
                                         std::string_view value_json) {
  if (key != "applied" || value_json.empty()) return;
  nlohmann::json parsed = nlohmann::json::parse(value_json, nullptr, false);
  if (!parsed.is_array() || parsed.size() != 3 || !parsed[0].is_number_integer() ||
      !parsed[1].is_number_integer() || !parsed[2].is_string()) {
    report(time, {node}, node_name(node) + " published \"applied\" as " + std::string(value_json) +
                             ", expected [index, term, \"command\"]");
    return;
  }
  Application application{parsed[1].get<std::int64_t>(), parsed[2].get<std::string>(), node, time};
  std::int64_t index = parsed[0].get<std::int64_t>();
  auto [it, inserted] = first_applied_.emplace(index, application);
  if (inserted) return;
  const Application& first = it->second;
  if (first.term == application.term && first.command == application.command) return;
  if (!reported_.emplace(index, node).second) return;
  report(time, {first.node, node},
         "at index " + std::to_string(index) + " " + node_name(first.node) + " applied \"" +
             first.command + "\" (term " + std::to_string(first.term) + ", at " + format_time_seconds(first.time_us) +
             ") but " + node_name(node) + " applied \"" + application.command + "\" (term " +
             std::to_string(application.term) + ")");
}

}  // namespace dsim
