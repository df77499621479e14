// State Machine Safety (see state_machine_safety.h).
#include "sim/check/state_machine_safety.h"

#include <nlohmann/json.hpp>

#include "sim/check/published_log.h"

namespace dsim {

namespace {

// Reads "[index,term,\"command\"]" as the servers write it (canonical integers, a command with no
// escapes): the command is then the text between the quotes. False for anything else, which the
// full JSON parser then reads (or rejects) instead.
bool read_canonical_application(std::string_view json, std::int64_t& index, std::int64_t& term,
                                std::string_view& command) {
  if (json.size() < 2 || json.front() != '[' || json.back() != ']') return false;
  std::string_view inside = json.substr(1, json.size() - 2);
  std::size_t first_comma = inside.find(',');
  if (first_comma == std::string_view::npos) return false;
  std::size_t second_comma = inside.find(',', first_comma + 1);
  if (second_comma == std::string_view::npos) return false;
  std::string_view quoted = inside.substr(second_comma + 1);
  if (!parse_canonical_integer(inside.substr(0, first_comma), index) ||
      !parse_canonical_integer(inside.substr(first_comma + 1, second_comma - first_comma - 1), term) ||
      quoted.size() < 2 || quoted.front() != '"' || quoted.back() != '"') {
    return false;
  }
  command = quoted.substr(1, quoted.size() - 2);
  for (char c : command) {
    auto byte = static_cast<unsigned char>(c);
    if (byte == '"' || byte == '\\' || byte < 0x20 || byte >= 0x80) return false;
  }
  return true;
}

}  // namespace

void StateMachineSafetyChecker::on_state(TimeUs time, NodeId node, std::string_view key,
                                         std::string_view value_json) {
  if (key != "applied" || value_json.empty()) return;
  std::int64_t canonical_index = 0, canonical_term = 0;
  std::string_view canonical_command;
  if (read_canonical_application(value_json, canonical_index, canonical_term, canonical_command)) {
    // Most applications repeat one already seen (every server applies every index): compare in
    // place, and copy the command only for a first sighting or a report.
    auto found = first_applied_.find(canonical_index);
    if (found == first_applied_.end()) {
      first_applied_.emplace(canonical_index, Application{canonical_term, std::string(canonical_command), node, time});
      return;
    }
    if (found->second.term == canonical_term && found->second.command == canonical_command) return;
    judge(time, node, canonical_index, Application{canonical_term, std::string(canonical_command), node, time});
    return;
  }
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
  judge(time, node, index, application);
}

void StateMachineSafetyChecker::judge(TimeUs time, NodeId node, std::int64_t index, const Application& application) {
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
