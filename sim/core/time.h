// Virtual time: an integer count of microseconds since the run began.
// Nothing in a run reads the wall clock; durations in scenario files are written "150ms", "2.5s",
// "10us", "1m" and parsed here, and printed back in the shortest exact form.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace dsim {

// A point in virtual time, in microseconds since the start of the run.
using TimeUs = std::int64_t;
// A span of virtual time, in microseconds.
using DurationUs = std::int64_t;

inline constexpr DurationUs kMicrosecond = 1;
inline constexpr DurationUs kMillisecond = 1000;
inline constexpr DurationUs kSecond = 1000 * kMillisecond;
inline constexpr DurationUs kMinute = 60 * kSecond;
// Far enough in the future to mean "never", small enough that adding a duration cannot overflow.
inline constexpr TimeUs kTimeNever = INT64_C(1) << 62;

// Parses "150ms", "2.5s", "10us", "1m", "0". Units: us, ms, s, m, h. Fractions are allowed as long
// as the result is a whole number of microseconds. On failure returns nullopt and, when `error` is
// given, says what was wrong in words ("unknown unit 'sec' (use us, ms, s, m or h)").
std::optional<DurationUs> parse_duration(std::string_view text, std::string* error = nullptr);

// Prints a duration in the largest unit that represents it exactly with at most three decimals:
// 150000 -> "150ms", 2500000 -> "2.5s", 10 -> "10us", 60000000 -> "1m".
std::string format_duration(DurationUs duration);

// Prints a time as seconds with millisecond precision, for tables: 3200000 -> "3.200s".
std::string format_time_seconds(TimeUs time);

}  // namespace dsim
