// State Machine Safety (see state_machine_safety.h).
#include "sim/check/state_machine_safety.h"

#include <nlohmann/json.hpp>

namespace dsim {

void StateMachineSafetyChecker::on_state(TimeUs time, NodeId node, std::string_view key,
                                         std::string_view value_json) {
  if (key != "applied" || value_json.empty()) return;
  nlohmann::json parsed = nlohmann::json::parse(value_json, nullptr, false);
  bool with_term = parsed.is_array() && parsed.size() == 3 && parsed[0].is_number_integer() &&
                   parsed[1].is_number_integer() && parsed[2].is_string();
  bool without_term = parsed.is_array() && parsed.size() == 2 && parsed[0].is_number_integer() && parsed[1].is_string();
  if (!with_term && !without_term) {
    report(time, {node}, node_name(node) + " published \"applied\" as " + std::string(value_json) +
                             ", expected [index, term, \"command\"] or [index, \"command\"]");
    return;
  }
  Application application;
  if (with_term) application.term = parsed[1].get<std::int64_t>();
  application.command = parsed[with_term ? 2 : 1].get<std::string>();
  application.node = node;
  application.time_us = time;
  std::int64_t index = parsed[0].get<std::int64_t>();
  auto [it, inserted] = first_applied_.emplace(index, application);
  if (inserted) return;
  const Application& first = it->second;
  if (first.term == application.term && first.command == application.command) return;
  if (!reported_.emplace(index, node).second) return;
  auto term_text = [](const Application& applied) {
    return applied.term ? " (term " + std::to_string(*applied.term) : std::string(" (");
  };
  report(time, {first.node, node},
         "at index " + std::to_string(index) + " " + node_name(first.node) + " applied \"" +
             first.command + "\"" + term_text(first) + (first.term ? ", at " : "at ") +
             format_time_seconds(first.time_us) + ") but " + node_name(node) + " applied \"" +
             application.command + "\"" + (application.term ? term_text(application) + ")" : std::string()));
}

}  // namespace dsim
