// Whole numbers and decimals typed on a command line, range-checked, with a one-line error that
// names the option, the range and what was typed. CLI11's own conversions wrap "-1" into 2^64-1
// and clamp a 23-digit seed to the largest integer, so dsim and dsim-viz read numbers here instead.
// Header-only: both programs' main.cc use it and dsim-viz links no CLI library of dsim's.
#pragma once

#include <cerrno>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>

namespace dsim::cli {

// The largest seed anywhere: a scenario's "seed" is a JSON integer of at most 2^63 - 1.
inline constexpr std::uint64_t kMaxSeed = 9223372036854775807ULL;

// `text` as a whole number in [min, max]; on failure, `error` says what was expected (without the
// option's name: "expected a whole number from 0 to 9223372036854775807, found \"-1\"").
inline std::optional<std::uint64_t> parse_whole_number(const std::string& text, std::uint64_t min, std::uint64_t max,
                                                       std::string& error) {
  auto fail = [&] {
    error = "expected a whole number from " + std::to_string(min) + " to " + std::to_string(max) + ", found \"" + text + "\"";
    return std::nullopt;
  };
  if (text.empty() || text.size() > 20) return fail();
  std::uint64_t value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return fail();
    std::uint64_t digit = static_cast<std::uint64_t>(c - '0');
    if (value > (UINT64_MAX - digit) / 10) return fail();  // past 2^64 - 1
    value = value * 10 + digit;
  }
  if (value < min || value > max) return fail();
  return value;
}

// `text` as a decimal number in [min, max] ("1.5"); no exponents, infinities or NaN.
inline std::optional<double> parse_decimal(const std::string& text, double min, double max, std::string& error) {
  auto fail = [&] {
    char range[96];
    std::snprintf(range, sizeof range, "expected a number from %g to %g", min, max);
    error = std::string(range) + ", found \"" + text + "\"";
    return std::nullopt;
  };
  bool digits = false;
  bool dot = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c >= '0' && c <= '9') digits = true;
    else if (c == '.' && !dot) dot = true;
    else if (!(c == '-' && i == 0)) return fail();
  }
  if (!digits || text.size() > 32) return fail();
  errno = 0;
  double value = std::strtod(text.c_str(), nullptr);
  if (errno != 0 || !std::isfinite(value) || value < min || value > max) return fail();
  return value;
}

}  // namespace dsim::cli
