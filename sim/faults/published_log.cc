// Reading published JSON integers and integer arrays: see published_log.h.
#include "sim/faults/published_log.h"

namespace dsim {
namespace {

void skip_spaces(std::string_view text, std::size_t& at) {
  while (at < text.size() && (text[at] == ' ' || text[at] == '\n' || text[at] == '\t' || text[at] == '\r')) ++at;
}

// Reads an integer at `at`, moving past it; none when there is no digit or it overflows.
std::optional<std::int64_t> read_integer(std::string_view text, std::size_t& at) {
  bool negative = at < text.size() && text[at] == '-';
  if (negative) ++at;
  std::size_t first = at;
  std::int64_t value = 0;
  while (at < text.size() && text[at] >= '0' && text[at] <= '9') {
    if (value > (INT64_MAX - (text[at] - '0')) / 10) return std::nullopt;
    value = value * 10 + (text[at] - '0');
    ++at;
  }
  if (at == first) return std::nullopt;
  return negative ? -value : value;
}

}  // namespace

std::optional<std::int64_t> parse_json_integer(std::string_view text) {
  std::size_t at = 0;
  skip_spaces(text, at);
  std::optional<std::int64_t> value = read_integer(text, at);
  skip_spaces(text, at);
  if (!value || at != text.size()) return std::nullopt;
  return value;
}

std::optional<std::vector<std::int64_t>> parse_json_integer_array(std::string_view text) {
  std::size_t at = 0;
  skip_spaces(text, at);
  if (at >= text.size() || text[at] != '[') return std::nullopt;
  ++at;
  std::vector<std::int64_t> values;
  skip_spaces(text, at);
  if (at < text.size() && text[at] == ']') {
    ++at;
  } else {
    while (true) {
      skip_spaces(text, at);
      std::optional<std::int64_t> value = read_integer(text, at);
      if (!value) return std::nullopt;
      values.push_back(*value);
      skip_spaces(text, at);
      if (at < text.size() && text[at] == ',') {
        ++at;
        continue;
      }
      if (at < text.size() && text[at] == ']') {
        ++at;
        break;
      }
      return std::nullopt;
    }
  }
  skip_spaces(text, at);
  if (at != text.size()) return std::nullopt;
  return values;
}

}  // namespace dsim
