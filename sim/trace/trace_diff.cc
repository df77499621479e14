// Line-by-line comparison of two traces. It works on the text, without parsing JSON, so that it
// also compares traces the reader would reject and costs no more than a memcmp per line.
#include "sim/trace/trace_diff.h"

#include <charconv>

namespace dsim {
namespace {

// A differing line is quoted up to this many characters in describe().
constexpr std::size_t kMaxQuotedChars = 240;

// The next line of `text` from `position` (without its '\n'); `ended` when there is none.
std::string_view take_line(std::string_view text, std::size_t& position, bool& ended) {
  ended = position >= text.size();
  if (ended) return {};
  std::size_t newline = text.find('\n', position);
  std::size_t end = newline == std::string_view::npos ? text.size() : newline;
  std::string_view line = text.substr(position, end - position);
  position = newline == std::string_view::npos ? text.size() : newline + 1;
  return line;
}

// Reads the leading `{"t":<digits>` of an event line, as the writer writes it.
std::optional<TimeUs> event_time(std::string_view line) {
  constexpr std::string_view prefix = "{\"t\":";
  if (!line.starts_with(prefix)) return std::nullopt;
  TimeUs time = 0;
  const char* begin = line.data() + prefix.size();
  auto result = std::from_chars(begin, line.data() + line.size(), time);
  if (result.ec != std::errc() || result.ptr == begin) return std::nullopt;
  return time;
}

std::string shorten(std::string_view line) {
  if (line.size() <= kMaxQuotedChars) return std::string(line);
  return std::string(line.substr(0, kMaxQuotedChars)) + "...";
}

}  // namespace

std::optional<TraceDifference> first_difference(std::string_view a, std::string_view b) {
  if (a == b) return std::nullopt;
  std::size_t position_a = 0;
  std::size_t position_b = 0;
  std::size_t line = 0;
  for (;;) {
    bool ended_a = false;
    bool ended_b = false;
    std::string_view line_a = take_line(a, position_a, ended_a);
    std::string_view line_b = take_line(b, position_b, ended_b);
    ++line;
    // The texts differ, so this loop stops at a differing line, or at the last line when only the
    // final newline differs.
    bool last = ended_a || ended_b || (position_a == a.size() && position_b == b.size());
    if (line_a != line_b || ended_a != ended_b || last) {
      TraceDifference difference;
      difference.line = line;
      difference.left = std::string(line_a);
      difference.right = std::string(line_b);
      difference.left_ended = ended_a;
      difference.right_ended = ended_b;
      difference.time_us = event_time(line_a);
      if (!difference.time_us) difference.time_us = event_time(line_b);
      return difference;
    }
  }
}

std::string TraceDifference::describe() const {
  std::string text = "traces differ at line " + std::to_string(line);
  if (line == 1) {
    text += " (the header)";
  } else if (time_us) {
    text += " (event at t=" + format_time_seconds(*time_us) + ")";
  }
  text += ": ";
  text += left_ended ? std::string("(the first trace ends here)") : shorten(left);
  text += " vs ";
  text += right_ended ? std::string("(the second trace ends here)") : shorten(right);
  if (!left_ended && !right_ended && left == right) text += " (only the final newline differs)";
  return text;
}

}  // namespace dsim
