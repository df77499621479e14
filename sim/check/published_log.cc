// Reassembly of published server state (see published_log.h).
#include "sim/check/published_log.h"

#include <nlohmann/json.hpp>

namespace dsim {

bool parse_json_integer(std::string_view json, std::int64_t& value) {
  nlohmann::json parsed = nlohmann::json::parse(json, nullptr, /*allow_exceptions=*/false);
  if (!parsed.is_number_integer()) return false;
  value = parsed.get<std::int64_t>();
  return true;
}

bool parse_json_integer_array(std::string_view json, std::vector<std::int64_t>& values) {
  nlohmann::json parsed = nlohmann::json::parse(json, nullptr, /*allow_exceptions=*/false);
  if (!parsed.is_array()) return false;
  values.clear();
  for (const auto& item : parsed) {
    if (!item.is_number_integer()) return false;
    values.push_back(item.get<std::int64_t>());
  }
  return true;
}

bool PublishedLogs::update(NodeId node, std::string_view key, std::string_view value_json) {
  PublishedServer& server = servers_[node];
  if (value_json.empty()) {
    // The crash cleared everything the server published.
    server = PublishedServer{};
    return key == "role" || key == "term" || key == "log" || key == "log_start" || key == "commit_index";
  }
  server.present = true;
  if (key == "role") {
    nlohmann::json parsed = nlohmann::json::parse(value_json, nullptr, false);
    server.role = parsed.is_string() ? parsed.get<std::string>() : std::string();
  } else if (key == "term") {
    parse_json_integer(value_json, server.term);
  } else if (key == "log_start") {
    parse_json_integer(value_json, server.log_start);
  } else if (key == "log") {
    parse_json_integer_array(value_json, server.terms);
  } else if (key == "commit_index") {
    parse_json_integer(value_json, server.commit_index);
  } else {
    return false;
  }
  return true;
}

const PublishedServer& PublishedLogs::server(NodeId node) const {
  static const PublishedServer kAbsent;
  auto found = servers_.find(node);
  return found == servers_.end() ? kAbsent : found->second;
}

}  // namespace dsim
