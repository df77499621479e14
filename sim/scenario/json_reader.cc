// JsonReader: typed access to one JSON value, where every failure becomes one ScenarioError that
// names the file, the JSON path, what was expected and what was found. Messages are meant for a
// student reading them in a terminal, so values are quoted as they were written and long strings
// are shortened; nothing here may let a nlohmann exception escape.
#include "sim/scenario/json_reader.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>

#include <nlohmann/json.hpp>

#include "sim/scenario/text.h"

namespace dsim {

using nlohmann::json;

namespace {

std::string compose_what(const std::string& file, const std::string& path, const std::string& message) {
  if (path.empty()) return file + ": " + message;
  return file + ": at " + path + ": " + message;
}

std::string join_quoted(const std::vector<std::string>& words) {
  std::string out;
  for (std::size_t i = 0; i < words.size(); ++i) {
    if (i > 0) out += ", ";
    out += quote(words[i]);
  }
  return out;
}

std::vector<std::string> to_strings(std::initializer_list<std::string_view> words) {
  return std::vector<std::string>(words.begin(), words.end());
}

std::string suggestion_suffix(std::string_view word, const std::vector<std::string>& candidates) {
  if (std::optional<std::string> close = did_you_mean(word, candidates)) {
    return " (did you mean " + quote(*close) + "?)";
  }
  return "";
}

// parse_duration multiplies the whole part by the unit without an overflow check, so a value
// too large for the run is refused here first, in words.
bool duration_text_too_large(std::string_view text) {
  std::size_t digits_end = 0;
  while (digits_end < text.size() && text[digits_end] >= '0' && text[digits_end] <= '9') ++digits_end;
  if (digits_end == 0) return false;
  std::size_t first_significant = 0;
  while (first_significant + 1 < digits_end && text[first_significant] == '0') ++first_significant;
  if (digits_end - first_significant > 12) return true;
  std::int64_t whole = 0;
  std::from_chars(text.data() + first_significant, text.data() + digits_end, whole);
  std::string_view rest = text.substr(digits_end);
  std::size_t point_end = 0;
  if (!rest.empty() && rest[0] == '.') {
    point_end = 1;
    while (point_end < rest.size() && rest[point_end] >= '0' && rest[point_end] <= '9') ++point_end;
  }
  std::string_view unit = rest.substr(point_end);
  DurationUs scale = kMicrosecond;
  if (unit == "ms") scale = kMillisecond;
  else if (unit == "s") scale = kSecond;
  else if (unit == "m") scale = kMinute;
  else if (unit == "h") scale = 60 * kMinute;
  return whole >= kTimeNever / scale;
}

}  // namespace

ScenarioError::ScenarioError(std::string file, std::string path, std::string message)
    : std::runtime_error(compose_what(file, path, message)),
      file_(std::move(file)),
      path_(std::move(path)),
      message_(std::move(message)) {}

std::string describe_json_value(const json& value) {
  switch (value.type()) {
    case json::value_t::null: return "null";
    case json::value_t::object: return "an object";
    case json::value_t::array: return "an array";
    case json::value_t::boolean: return std::string(value.get<bool>() ? "true" : "false") + " (a boolean)";
    case json::value_t::string: return quote(value.get_ref<const std::string&>()) + " (a string)";
    case json::value_t::number_integer:
    case json::value_t::number_unsigned:
    case json::value_t::number_float: return value.dump() + " (a number)";
    case json::value_t::binary: return "binary data";
    case json::value_t::discarded: return "nothing";
  }
  return "an unknown value";
}

std::optional<std::string> did_you_mean(std::string_view word, const std::vector<std::string>& candidates) {
  std::optional<std::string> best;
  std::size_t best_distance = std::numeric_limits<std::size_t>::max();
  for (const std::string& candidate : candidates) {
    std::size_t distance = edit_distance(word, candidate);
    if (distance < best_distance) {
      best_distance = distance;
      best = candidate;
    }
  }
  if (!best) return std::nullopt;
  // A typo changes a few letters; beyond that the "suggestion" is just some other word. Never
  // suggest a complete rewrite of a short word ("ab" -> "cd").
  std::size_t allowed = std::max<std::size_t>(2, word.size() / 3);
  if (best_distance == 0 || best_distance > allowed || best_distance >= word.size()) return std::nullopt;
  return best;
}

JsonReader::JsonReader(const nlohmann::json& value, std::string file, std::string path)
    : value_(&value), file_(std::move(file)), path_(std::move(path)) {}

void JsonReader::fail(const std::string& message) const { throw ScenarioError(file_, path_, message); }

void JsonReader::fail_expected(const std::string& what) const {
  fail("expected " + what + ", found " + describe_json_value(*value_));
}

// --- objects ---

bool JsonReader::is_object() const { return value_->is_object(); }

void JsonReader::expect_keys(std::initializer_list<std::string_view> allowed) const {
  expect_keys(to_strings(allowed));
}

void JsonReader::expect_keys(const std::vector<std::string>& allowed) const {
  if (!is_object()) fail_expected("an object");
  // nlohmann's object is a std::map, so the first unknown key reported is the same on every run.
  for (const auto& member : value_->items()) {
    const std::string& key = member.key();
    if (std::find(allowed.begin(), allowed.end(), key) != allowed.end()) continue;
    std::string hint = suggestion_suffix(key, allowed);
    if (hint.empty()) {
      std::vector<std::string> sorted = allowed;
      std::sort(sorted.begin(), sorted.end());
      hint = " (allowed here: " + join_words(sorted) + ")";
    }
    fail("unknown key " + quote(key) + hint);
  }
}

bool JsonReader::has(std::string_view key) const {
  return is_object() && value_->find(key) != value_->end();
}

JsonReader JsonReader::at(std::string_view key) const {
  if (std::optional<JsonReader> member = find(key)) return *member;
  fail("missing required key " + quote(key));
}

std::optional<JsonReader> JsonReader::find(std::string_view key) const {
  if (!is_object()) fail_expected("an object");
  auto it = value_->find(key);
  if (it == value_->end()) return std::nullopt;
  std::string child_path = path_.empty() ? std::string(key) : path_ + "." + std::string(key);
  return JsonReader(*it, file_, std::move(child_path));
}

// --- arrays ---

bool JsonReader::is_array() const { return value_->is_array(); }

std::vector<JsonReader> JsonReader::items() const {
  if (!is_array()) fail_expected("an array");
  std::vector<JsonReader> out;
  out.reserve(value_->size());
  for (std::size_t i = 0; i < value_->size(); ++i) {
    out.emplace_back((*value_)[i], file_, path_ + "[" + std::to_string(i) + "]");
  }
  return out;
}

// --- scalars ---

bool JsonReader::is_string() const { return value_->is_string(); }
bool JsonReader::is_number() const { return value_->is_number(); }

std::string JsonReader::string() const {
  if (!is_string()) fail_expected("a string");
  return value_->get<std::string>();
}

std::string JsonReader::choice(std::initializer_list<std::string_view> choices) const {
  return choice(to_strings(choices));
}

std::string JsonReader::choice(const std::vector<std::string>& choices) const {
  std::string what = "one of " + join_quoted(choices);
  if (!is_string()) fail_expected(what);
  const std::string& text = value_->get_ref<const std::string&>();
  if (std::find(choices.begin(), choices.end(), text) != choices.end()) return text;
  fail("expected " + what + ", found " + quote(text) + suggestion_suffix(text, choices));
}

bool JsonReader::boolean() const {
  if (!value_->is_boolean()) fail_expected("true or false");
  return value_->get<bool>();
}

std::int64_t JsonReader::integer(std::int64_t min, std::int64_t max) const {
  std::string what = max == std::numeric_limits<std::int64_t>::max()
                         ? "an integer of at least " + std::to_string(min)
                         : "an integer from " + std::to_string(min) + " to " + std::to_string(max);
  if (value_->is_number_unsigned()) {
    std::uint64_t value = value_->get<std::uint64_t>();
    // JSON non-negative integers arrive as unsigned, so `min` must be checked here too.
    bool below_min = min > 0 && value < static_cast<std::uint64_t>(min);
    if (below_min || (max >= 0 && value > static_cast<std::uint64_t>(max)) || max < 0) fail("expected " + what + ", found " + value_->dump());
    return static_cast<std::int64_t>(value);
  }
  if (value_->is_number_integer()) {
    std::int64_t value = value_->get<std::int64_t>();
    if (value < min || value > max) fail("expected " + what + ", found " + value_->dump());
    return value;
  }
  if (value_->is_number_float()) {
    // 3.0 is accepted as 3; 2.5 is not an integer. The range test happens in double before any
    // conversion, since converting an out-of-range double to an integer is undefined.
    double value = value_->get<double>();
    if (std::floor(value) != value || value < static_cast<double>(min) || value > static_cast<double>(max) ||
        std::fabs(value) >= 9.0e18) {
      fail("expected " + what + ", found " + value_->dump());
    }
    return static_cast<std::int64_t>(value);
  }
  fail_expected(what);
}

double JsonReader::number(double min, double max) const {
  std::string what = "a number from " + format_number(min) + " to " + format_number(max);
  if (!is_number()) fail_expected(what);
  double value = value_->get<double>();
  if (!(value >= min && value <= max)) fail("expected " + what + ", found " + value_->dump());
  return value;
}

DurationUs JsonReader::duration(DurationUs min_us) const {
  static const std::string kWhat = "a duration such as \"150ms\"";
  if (!is_string()) fail_expected(kWhat);
  const std::string& text = value_->get_ref<const std::string&>();
  if (duration_text_too_large(text)) fail("duration " + quote(text) + " is too large");
  std::string error;
  std::optional<DurationUs> parsed = parse_duration(text, &error);
  if (!parsed) fail(error);
  if (*parsed < min_us) {
    std::string bound = min_us == 1 ? "a duration greater than 0" : "a duration of at least " + quote(format_duration(min_us));
    fail("expected " + bound + ", found " + quote(text));
  }
  return *parsed;
}

DurationUs JsonReader::signed_duration() const {
  static const std::string kWhat = "a duration such as \"150ms\" or \"-50ms\"";
  if (!is_string()) fail_expected(kWhat);
  const std::string& text = value_->get_ref<const std::string&>();
  bool negative = !text.empty() && text[0] == '-';
  std::string_view magnitude_text = std::string_view(text).substr(negative ? 1 : 0);
  if (duration_text_too_large(magnitude_text)) fail("duration " + quote(text) + " is too large");
  std::string error;
  std::optional<DurationUs> magnitude = parse_duration(magnitude_text, &error);
  if (!magnitude) fail(error);
  return negative ? -*magnitude : *magnitude;
}

double JsonReader::rate_per_second() const {
  static const std::string kWhat = "a rate such as \"20/s\", \"1000/m\" or \"5/h\", or a number per second";
  if (is_number()) {
    double value = value_->get<double>();
    if (!(value >= 0)) fail("expected " + kWhat + ", found " + value_->dump() + " (a rate cannot be negative)");
    return value;
  }
  if (!is_string()) fail_expected(kWhat);
  const std::string& text = value_->get_ref<const std::string&>();
  std::size_t slash = text.find('/');
  double count = 0;
  bool count_ok = false;
  if (slash != std::string::npos && slash > 0 && text[0] != '-' && text[0] != '+') {
    auto [end, error] = std::from_chars(text.data(), text.data() + slash, count, std::chars_format::fixed);
    count_ok = error == std::errc() && end == text.data() + slash && std::isfinite(count) && count >= 0;
  }
  if (!count_ok) fail("expected " + kWhat + ", found " + quote(text));
  std::string_view unit = std::string_view(text).substr(slash + 1);
  if (unit == "s") return count;
  if (unit == "m") return count / 60.0;
  if (unit == "h") return count / 3600.0;
  fail("unknown unit " + quote(unit) + " in the rate " + quote(text) + " (use /s, /m or /h)");
}

// --- optional members ---

std::string JsonReader::string_or(std::string_view key, std::string fallback) const {
  if (std::optional<JsonReader> member = find(key)) return member->string();
  return fallback;
}

bool JsonReader::boolean_or(std::string_view key, bool fallback) const {
  if (std::optional<JsonReader> member = find(key)) return member->boolean();
  return fallback;
}

std::int64_t JsonReader::integer_or(std::string_view key, std::int64_t fallback, std::int64_t min,
                                    std::int64_t max) const {
  if (std::optional<JsonReader> member = find(key)) return member->integer(min, max);
  return fallback;
}

double JsonReader::number_or(std::string_view key, double fallback, double min, double max) const {
  if (std::optional<JsonReader> member = find(key)) return member->number(min, max);
  return fallback;
}

DurationUs JsonReader::duration_or(std::string_view key, DurationUs fallback, DurationUs min_us) const {
  if (std::optional<JsonReader> member = find(key)) return member->duration(min_us);
  return fallback;
}

}  // namespace dsim
