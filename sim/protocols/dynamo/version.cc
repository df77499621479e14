// Versions and records in text form (version.h).
#include "sim/protocols/dynamo/version.h"

#include <charconv>

namespace dsim::dynamo {

std::string Version::to_string() const { return std::to_string(stamp) + "." + std::to_string(coordinator); }

std::string Record::to_string() const { return value + "@" + version.to_string(); }

std::optional<Record> parse_record(std::string_view text) {
  std::size_t at = text.rfind('@');
  if (at == std::string_view::npos || at == 0) return std::nullopt;
  std::string_view version = text.substr(at + 1);
  std::size_t dot = version.find('.');
  if (dot == std::string_view::npos) return std::nullopt;
  Record record;
  record.value = std::string(text.substr(0, at));
  const char* end = version.data() + dot;
  auto stamp = std::from_chars(version.data(), end, record.version.stamp);
  if (stamp.ec != std::errc() || stamp.ptr != end) return std::nullopt;
  const char* coordinator_end = version.data() + version.size();
  auto coordinator = std::from_chars(end + 1, coordinator_end, record.version.coordinator);
  if (coordinator.ec != std::errc() || coordinator.ptr != coordinator_end) return std::nullopt;
  return record;
}

const Record& last_writer_wins(const Record& held, const Record& incoming) {
  return incoming.version > held.version ? incoming : held;
}

}  // namespace dsim::dynamo
