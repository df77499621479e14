// A minimal JSON object writer for message bodies and published state. Protocol code describes
// its messages through it without pulling a JSON library into every protocol header; the output is
// deterministic (fields in the order written, integers printed exactly).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace dsim {

// Appends `"name":value` pairs (comma separated) to a string; the caller adds the braces.
class FieldWriter {
 public:
  explicit FieldWriter(std::string& out) : out_(out) {}

  void field(std::string_view name, std::int64_t value);
  void field(std::string_view name, std::uint64_t value);
  void field(std::string_view name, int value) { field(name, static_cast<std::int64_t>(value)); }
  void field(std::string_view name, unsigned value) { field(name, static_cast<std::uint64_t>(value)); }
  void field(std::string_view name, bool value);
  void field(std::string_view name, double value);
  void field(std::string_view name, std::string_view value);
  void field(std::string_view name, const char* value) { field(name, std::string_view(value)); }
  void field(std::string_view name, const std::string& value) { field(name, std::string_view(value)); }
  void field(std::string_view name, const std::vector<std::int64_t>& values);
  void field(std::string_view name, const std::vector<std::string>& values);
  // `json` must already be valid JSON (an object, array, number...).
  void raw(std::string_view name, std::string_view json);

 private:
  void key(std::string_view name);
  std::string& out_;
  bool first_ = true;
};

// Appends `text` as a JSON string literal, quotes included.
void append_json_string(std::string& out, std::string_view text);
// Returns `text` as a JSON string literal.
std::string json_string(std::string_view text);
// `value` in decimal, padded with zeros to `width` characters (the sign counts), as printf's
// "%0*lld" would print it; no <cstdio> in the simulator (tests/purity_test.cc).
std::string zero_padded(std::int64_t value, int width);
// Formats a double without locale effects, shortest form that reads back exactly.
std::string format_double(double value);

}  // namespace dsim
