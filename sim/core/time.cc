// Duration parsing and printing. Parsing is exact decimal arithmetic (no floating point), so
// "0.1s" is exactly 100000us on every machine.
#include "sim/core/time.h"

#include "sim/core/fields.h"

namespace dsim {
namespace {

struct Unit {
  std::string_view suffix;
  DurationUs scale;
};

// Longest suffixes first so that "ms" is not read as "m" followed by junk.
constexpr Unit kUnits[] = {{"us", kMicrosecond}, {"ms", kMillisecond}, {"s", kSecond},
                           {"m", kMinute},       {"h", 60 * kMinute}};

void set_error(std::string* error, std::string message) {
  if (error) *error = std::move(message);
}

// `before"text"after`, built by appending: GCC 12 warns falsely (-Wrestrict) on the
// equivalent chain of operator+ in optimised builds.
std::string around(std::string_view before, std::string_view text, std::string_view after) {
  std::string out(before);
  out.append(text).append(after);
  return out;
}

}  // namespace

std::optional<DurationUs> parse_duration(std::string_view text, std::string* error) {
  if (text.empty()) {
    set_error(error, "empty duration (write e.g. \"150ms\" or \"2s\")");
    return std::nullopt;
  }
  std::size_t pos = 0;
  std::int64_t whole = 0;
  std::int64_t fraction = 0;  // digits after the point, as an integer
  std::int64_t fraction_scale = 1;
  bool any_digit = false;
  while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
    whole = whole * 10 + (text[pos] - '0');
    if (whole > (INT64_C(1) << 40)) {
      set_error(error, around("duration \"", text, "\" is too large"));
      return std::nullopt;
    }
    any_digit = true;
    ++pos;
  }
  if (pos < text.size() && text[pos] == '.') {
    ++pos;
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
      if (fraction_scale >= INT64_C(1000000000)) {
        set_error(error, around("duration \"", text, "\" has too many decimals"));
        return std::nullopt;
      }
      fraction = fraction * 10 + (text[pos] - '0');
      fraction_scale *= 10;
      any_digit = true;
      ++pos;
    }
  }
  if (!any_digit) {
    set_error(error, around("\"", text, "\" is not a duration (write e.g. \"150ms\" or \"2s\")"));
    return std::nullopt;
  }
  std::string_view suffix = text.substr(pos);
  if (suffix.empty()) {
    if (whole == 0 && fraction == 0) return DurationUs{0};
    set_error(error, around("duration \"", text, "\" has no unit (use us, ms, s, m or h)"));
    return std::nullopt;
  }
  for (const Unit& unit : kUnits) {
    if (suffix != unit.suffix) continue;
    if (whole > kTimeNever / unit.scale) {
      set_error(error, around("duration \"", text, "\" is too large"));
      return std::nullopt;
    }
    DurationUs fraction_us = fraction * unit.scale;
    if (fraction_us % fraction_scale != 0) {
      set_error(error, around("duration \"", text, "\" is not a whole number of microseconds"));
      return std::nullopt;
    }
    return whole * unit.scale + fraction_us / fraction_scale;
  }
  std::string message = around("unknown unit '", suffix, "' in \"");
  message.append(text).append("\" (use us, ms, s, m or h)");
  set_error(error, std::move(message));
  return std::nullopt;
}

std::string format_duration(DurationUs duration) {
  if (duration == 0) return "0s";
  std::string sign = duration < 0 ? "-" : "";
  DurationUs magnitude = duration < 0 ? -duration : duration;
  // Pick the largest unit in which the value needs at most three decimals.
  constexpr Unit kLargestFirst[] = {{"m", kMinute}, {"s", kSecond}, {"ms", kMillisecond}, {"us", kMicrosecond}};
  for (const Unit& unit : kLargestFirst) {
    if (magnitude < unit.scale) continue;
    if (unit.scale >= 1000 && (magnitude * 1000) % unit.scale != 0) continue;
    if (unit.suffix == "m" && magnitude % unit.scale != 0) continue;  // "1.5m" reads badly: say 90s
    DurationUs whole = magnitude / unit.scale;
    DurationUs rest = magnitude % unit.scale;
    std::string text = sign + std::to_string(whole);
    if (rest != 0) {
      std::string decimals = zero_padded(rest * 1000 / unit.scale, 3);
      while (!decimals.empty() && decimals.back() == '0') decimals.pop_back();
      text += "." + decimals;
    }
    return text + std::string(unit.suffix);
  }
  return sign + std::to_string(magnitude) + "us";
}

std::string format_time_seconds(TimeUs time) {
  return std::to_string(time / kSecond) + "." + zero_padded((time % kSecond) / kMillisecond, 3) + "s";
}

}  // namespace dsim
