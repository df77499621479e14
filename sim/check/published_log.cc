// Reassembly of published server state (see published_log.h).
#include "sim/check/published_log.h"

#include <nlohmann/json.hpp>

namespace dsim {

namespace {

// Reads a canonical JSON integer at `text[pos]`: -?(0|[1-9][0-9]*), at most 18 digits (so it
// fits an int64 without overflow checks), never "-0". Advances `pos` past it.
bool read_canonical_integer(std::string_view text, std::size_t& pos, std::int64_t& value) {
  std::size_t at = pos;
  bool negative = at < text.size() && text[at] == '-';
  if (negative) ++at;
  std::size_t first = at;
  std::int64_t magnitude = 0;
  while (at < text.size() && text[at] >= '0' && text[at] <= '9') {
    magnitude = magnitude * 10 + (text[at] - '0');
    ++at;
  }
  std::size_t digits = at - first;
  if (digits == 0 || digits > 18) return false;
  if (text[first] == '0' && (digits > 1 || negative)) return false;  // "01", "-0": leave to the parser
  value = negative ? -magnitude : magnitude;
  pos = at;
  return true;
}

// Reads "int,int,...]" (or just "]" when `may_be_empty`) from `pos` to the end of `text`,
// appending to `values`.
bool read_canonical_elements(std::string_view text, std::size_t pos, bool may_be_empty,
                             std::vector<std::int64_t>& values) {
  if (may_be_empty && pos + 1 == text.size() && text[pos] == ']') return true;
  while (true) {
    std::int64_t value = 0;
    if (!read_canonical_integer(text, pos, value)) return false;
    values.push_back(value);
    if (pos >= text.size()) return false;
    if (text[pos] == ']') return pos + 1 == text.size();
    if (text[pos] != ',') return false;
    ++pos;
  }
}

}  // namespace

bool parse_canonical_integer(std::string_view json, std::int64_t& value) {
  std::size_t pos = 0;
  std::int64_t read = 0;
  if (!read_canonical_integer(json, pos, read) || pos != json.size()) return false;
  value = read;
  return true;
}

bool parse_canonical_integer_array(std::string_view json, std::vector<std::int64_t>& values) {
  values.clear();
  return json.size() >= 2 && json[0] == '[' && read_canonical_elements(json, 1, /*may_be_empty=*/true, values);
}

bool parse_canonical_string(std::string_view json, std::string& value) {
  if (json.size() < 2 || json.front() != '"' || json.back() != '"') return false;
  std::string_view inner = json.substr(1, json.size() - 2);
  for (char c : inner) {
    auto byte = static_cast<unsigned char>(c);
    // Escapes, control characters and non-ASCII bytes (whose UTF-8 the parser validates) are
    // left to the full parser.
    if (byte == '"' || byte == '\\' || byte < 0x20 || byte >= 0x80) return false;
  }
  value.assign(inner);
  return true;
}

bool parse_json_integer(std::string_view json, std::int64_t& value) {
  if (parse_canonical_integer(json, value)) return true;
  nlohmann::json parsed = nlohmann::json::parse(json, nullptr, /*allow_exceptions=*/false);
  if (!parsed.is_number_integer()) return false;
  value = parsed.get<std::int64_t>();
  return true;
}

bool parse_json_integer_array(std::string_view json, std::vector<std::int64_t>& values) {
  std::vector<std::int64_t> canonical;
  if (parse_canonical_integer_array(json, canonical)) {
    values = std::move(canonical);
    return true;
  }
  nlohmann::json parsed = nlohmann::json::parse(json, nullptr, /*allow_exceptions=*/false);
  if (!parsed.is_array()) return false;
  values.clear();
  for (const auto& item : parsed) {
    if (!item.is_number_integer()) return false;
    values.push_back(item.get<std::int64_t>());
  }
  return true;
}

bool parse_json_string(std::string_view json, std::string& value) {
  if (parse_canonical_string(json, value)) return true;
  nlohmann::json parsed = nlohmann::json::parse(json, nullptr, /*allow_exceptions=*/false);
  if (!parsed.is_string()) return false;
  value = parsed.get<std::string>();
  return true;
}

void PublishedLogs::update_log(NodeId node, PublishedServer& server, std::string_view value_json) {
  LastLog& last = last_logs_[node];  // sized with servers_ (server_slot)
  // The usual change: the window lost `drop` entries at its front and gained some at its end.
  // If the new text is the old one's remaining elements followed by new ones, only those are read;
  // the result is the same as reading it whole (the old text was read in canonical form).
  if (!last.text.empty() && server.log_start >= last.start &&
      server.log_start - last.start <= static_cast<std::int64_t>(server.terms.size())) {
    auto drop = static_cast<std::size_t>(server.log_start - last.start);
    std::string_view old_text = last.text;
    std::size_t kept_from = 1;  // just after '[' or after the drop-th comma
    for (std::size_t skipped = 0; skipped < drop && drop < server.terms.size(); ++kept_from) {
      if (old_text[kept_from] == ',') ++skipped;
    }
    std::string_view kept = drop == server.terms.size() ? std::string_view()
                                                        : old_text.substr(kept_from, old_text.size() - 1 - kept_from);
    if (value_json.size() > kept.size() + 1 && value_json[0] == '[' && value_json.substr(1, kept.size()) == kept) {
      std::size_t rest = 1 + kept.size();
      appended_.clear();
      bool read = false;
      if (value_json[rest] == ']') {
        read = rest + 1 == value_json.size();
      } else if (kept.empty()) {
        read = read_canonical_elements(value_json, rest, /*may_be_empty=*/false, appended_);
      } else if (value_json[rest] == ',') {
        read = read_canonical_elements(value_json, rest + 1, /*may_be_empty=*/false, appended_);
      }
      if (read) {
        server.terms.erase(server.terms.begin(), server.terms.begin() + static_cast<std::ptrdiff_t>(drop));
        server.terms.insert(server.terms.end(), appended_.begin(), appended_.end());
        last.text.assign(value_json);
        last.start = server.log_start;
        return;
      }
    }
  }
  if (parse_canonical_integer_array(value_json, appended_)) {
    server.terms.swap(appended_);
    last.text.assign(value_json);
    last.start = server.log_start;
    return;
  }
  last.text.clear();
  parse_json_integer_array(value_json, server.terms);
}

PublishedLogs::Key PublishedLogs::tracked_key(std::string_view key) {
  // By length first: most events are of keys tracked nowhere here, and fail at once.
  switch (key.size()) {
    case 3: return key == "log" ? Key::log : Key::none;
    case 4: return key == "role" ? Key::role : key == "term" ? Key::term : Key::none;
    case 9: return key == "log_start" ? Key::log_start : Key::none;
    case 12: return key == "commit_index" ? Key::commit_index : Key::none;
    default: return Key::none;
  }
}

PublishedServer& PublishedLogs::add_server(NodeId node) {
  servers_.resize(static_cast<std::size_t>(node) + 1);
  last_logs_.resize(servers_.size());
  return servers_[node];
}

bool PublishedLogs::update(NodeId node, std::string_view key, std::string_view value_json) {
  Key which = tracked_key(key);
  if (value_json.empty()) {
    // The crash cleared everything the server published.
    PublishedServer& server = server_slot(node);
    server = PublishedServer{};
    last_logs_[node] = LastLog{};
    return which != Key::none;
  }
  PublishedServer& server = server_slot(node);
  server.present = true;
  switch (which) {
    case Key::role:
      if (!parse_json_string(value_json, server.role)) server.role.clear();
      break;
    case Key::term: parse_json_integer(value_json, server.term); break;
    case Key::log_start:
      if (track_log_) parse_json_integer(value_json, server.log_start);
      break;
    case Key::log:
      if (track_log_) update_log(node, server, value_json);
      break;
    case Key::commit_index: parse_json_integer(value_json, server.commit_index); break;
    case Key::none: return false;
  }
  return true;
}

const PublishedServer& PublishedLogs::server(NodeId node) const {
  static const PublishedServer kAbsent;
  return node < servers_.size() ? servers_[node] : kAbsent;
}

}  // namespace dsim
