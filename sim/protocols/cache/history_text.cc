// The recorded operations' text (history_text.h).
#include "sim/protocols/cache/history_text.h"

#include <charconv>

namespace dsim::cache {

std::string write_origin(std::uint32_t client_index, std::uint64_t request_id) {
  return "c" + std::to_string(client_index) + "#" + std::to_string(request_id);
}

std::string version_value(Version version) { return "v" + std::to_string(version); }

std::string read_value(Version version, NodeId served_by) {
  return version_value(version) + (served_by == kDatabaseNode ? " db" : " n" + std::to_string(served_by));
}

std::string commit_value(Version version, std::string_view origin) {
  return version_value(version) + " " + std::string(origin);
}

std::optional<Version> parse_version(std::string_view value) {
  if (value.size() < 2 || value[0] != 'v') return std::nullopt;
  std::size_t end = value.find(' ');
  if (end == std::string_view::npos) end = value.size();
  Version version = 0;
  auto parsed = std::from_chars(value.data() + 1, value.data() + end, version);
  if (parsed.ec != std::errc() || parsed.ptr != value.data() + end) return std::nullopt;
  return version;
}

std::string_view value_detail(std::string_view value) {
  std::size_t space = value.find(' ');
  return space == std::string_view::npos ? std::string_view() : value.substr(space + 1);
}

}  // namespace dsim::cache
