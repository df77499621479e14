// Reading JSON with errors a person can act on. A JsonReader is a view of one JSON value plus the
// file it came from and its path inside it ("faults[2].at"). Every accessor either returns the
// value or throws ScenarioError naming the file, the path, what was expected and what was found:
//
//   scenarios/raft/x.json: at params.heartbeat: expected a duration such as "50ms", found 50 (a number)
//   scenarios/raft/x.json: at network: unknown key "lattency" (did you mean "latency"?)
//
// Both the scenario loader and each protocol's validation read through it, so every error in a
// scenario file looks the same.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "sim/core/time.h"

namespace dsim {

class ScenarioError : public std::runtime_error {
 public:
  ScenarioError(std::string file, std::string path, std::string message);
  const std::string& file() const { return file_; }
  const std::string& path() const { return path_; }  // empty: the whole file
  const std::string& message() const { return message_; }

 private:
  std::string file_;
  std::string path_;
  std::string message_;
};

class JsonReader {
 public:
  JsonReader(const nlohmann::json& value, std::string file, std::string path = "");

  const nlohmann::json& json() const { return *value_; }
  const std::string& file() const { return file_; }
  const std::string& path() const { return path_; }

  // --- objects ---
  bool is_object() const;
  // Throws unless this is an object whose keys are all among `allowed` (with "did you mean").
  void expect_keys(std::initializer_list<std::string_view> allowed) const;
  void expect_keys(const std::vector<std::string>& allowed) const;
  bool has(std::string_view key) const;
  // The member `key`; throws "missing required key" when absent.
  JsonReader at(std::string_view key) const;
  std::optional<JsonReader> find(std::string_view key) const;

  // --- arrays ---
  bool is_array() const;
  std::vector<JsonReader> items() const;  // throws unless an array

  // --- scalars ---
  bool is_string() const;
  bool is_number() const;
  std::string string() const;
  // One of `choices`, else an error listing them (and "did you mean").
  std::string choice(std::initializer_list<std::string_view> choices) const;
  std::string choice(const std::vector<std::string>& choices) const;
  bool boolean() const;
  std::int64_t integer(std::int64_t min, std::int64_t max) const;
  double number(double min, double max) const;
  // A duration string ("150ms"); at least `min_us`.
  DurationUs duration(DurationUs min_us = 0) const;
  // A duration that may be negative ("-50ms"), e.g. a clock skew.
  DurationUs signed_duration() const;
  // A rate such as "20/s", "1000/m" or a plain number per second; returned as events per second.
  double rate_per_second() const;

  // Convenience: optional members with defaults.
  std::string string_or(std::string_view key, std::string fallback) const;
  bool boolean_or(std::string_view key, bool fallback) const;
  std::int64_t integer_or(std::string_view key, std::int64_t fallback, std::int64_t min, std::int64_t max) const;
  double number_or(std::string_view key, double fallback, double min, double max) const;
  DurationUs duration_or(std::string_view key, DurationUs fallback, DurationUs min_us = 0) const;

  [[noreturn]] void fail(const std::string& message) const;
  // "expected <what>, found <a description of the value>".
  [[noreturn]] void fail_expected(const std::string& what) const;

 private:
  const nlohmann::json* value_;
  std::string file_;
  std::string path_;
};

// "50 (a number)", "\"abc\" (a string)", "an object", "an array", "true (a boolean)", "null".
std::string describe_json_value(const nlohmann::json& value);
// The closest of `candidates` to `word` by edit distance, when close enough to be a likely typo.
std::optional<std::string> did_you_mean(std::string_view word, const std::vector<std::string>& candidates);

}  // namespace dsim
