// State Machine Safety (see state_machine_safety.h).
#include "sim/check/state_machine_safety.h"

#include <nlohmann/json.hpp>

#include "sim/check/published_log.h"

namespace dsim {

namespace {

// Splits "[index,term,\"command\"]" as the servers write it (canonical integers) into its index,
// term and the text between the command's quotes, without looking inside that text: whether it
// is canonical (no escapes) is decided apart (is_plain_command), and only when needed. False for
// anything else, which the full JSON parser then reads (or rejects) instead.
bool split_canonical_application(std::string_view json, std::int64_t& index, std::int64_t& term,
                                 std::string_view& command) {
  const std::size_t size = json.size();
  if (size < 2 || json[0] != '[' || json[size - 1] != ']') return false;
  std::size_t first_comma = json.find(',', 1);
  if (first_comma == std::string_view::npos) return false;
  std::size_t second_comma = json.find(',', first_comma + 1);
  if (second_comma == std::string_view::npos || size - second_comma < 4) return false;  // ,"" then ]
  if (json[second_comma + 1] != '"' || json[size - 2] != '"') return false;
  // Every offset is in range by now: views, not substr (whose range check is out of line).
  const char* text = json.data();
  if (!parse_canonical_integer(std::string_view(text + 1, first_comma - 1), index) ||
      !parse_canonical_integer(std::string_view(text + first_comma + 1, second_comma - first_comma - 1), term)) {
    return false;
  }
  command = std::string_view(text + second_comma + 2, size - second_comma - 4);
  return true;
}

// Whether the text between a command's quotes is its value as written: no escape, no quote, no
// control byte, and ASCII only (the full parser validates UTF-8).
bool is_plain_command(std::string_view command) {
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
  if (split_canonical_application(value_json, canonical_index, canonical_term, canonical_command)) {
    // Most applications repeat one already seen (every server applies every index): compare in
    // place. A text equal to a plain recorded command is plain itself, so it need not be scanned.
    Application* first = first_applied_.find(canonical_index);
    if (first && first->plain && first->term == canonical_term && first->command == canonical_command) return;
    if (is_plain_command(canonical_command)) {
      Application application{canonical_term, std::string(canonical_command), node, time, /*plain=*/true};
      if (!first) {
        first_applied_.emplace(canonical_index, std::move(application));
        return;
      }
      judge(time, node, canonical_index, application);
      return;
    }
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
  application.plain = false;
  std::int64_t index = parsed[0].get<std::int64_t>();
  judge(time, node, index, application);
}

void StateMachineSafetyChecker::judge(TimeUs time, NodeId node, std::int64_t index, const Application& application) {
  auto [recorded, inserted] = first_applied_.emplace(index, application);
  if (inserted) return;
  const Application& first = *recorded;
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
