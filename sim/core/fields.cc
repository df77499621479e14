// JSON text for message bodies and published values, written by hand for speed and determinism.
#include "sim/core/fields.h"

#include <charconv>
#include <cmath>

namespace dsim {

void append_json_string(std::string& out, std::string_view text) {
  out.push_back('"');
  // The characters before the first one to escape (usually all of them) are copied at once.
  std::size_t plain = 0;
  auto needs_escape = [](char c) { return c == '"' || c == '\\' || static_cast<unsigned char>(c) < 0x20; };
  while (plain < text.size() && !needs_escape(text[plain])) ++plain;
  out.append(text.data(), plain);
  for (char c : text.substr(plain)) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          constexpr char kHex[] = "0123456789abcdef";
          out += "\\u00";
          out.push_back(kHex[static_cast<unsigned char>(c) >> 4]);
          out.push_back(kHex[static_cast<unsigned char>(c) & 0xf]);
        } else {
          out.push_back(c);
        }
    }
  }
  out.push_back('"');
}

std::string json_string(std::string_view text) {
  std::string out;
  append_json_string(out, text);
  return out;
}

std::string zero_padded(std::int64_t value, int width) {
  std::uint64_t magnitude = value < 0 ? 0 - static_cast<std::uint64_t>(value) : static_cast<std::uint64_t>(value);
  std::string digits = std::to_string(magnitude);
  std::string sign = value < 0 ? "-" : "";
  int pad = width - static_cast<int>(sign.size() + digits.size());
  return sign + std::string(pad > 0 ? static_cast<std::size_t>(pad) : 0, '0') + digits;
}

std::string format_double(double value) {
  if (!std::isfinite(value)) return "null";
  char buffer[32];
  auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
  return std::string(buffer, result.ptr);
}

void FieldWriter::key(std::string_view name) {
  if (!first_) out_.push_back(',');
  first_ = false;
  append_json_string(out_, name);
  out_.push_back(':');
}

void FieldWriter::field(std::string_view name, std::int64_t value) {
  key(name);
  out_ += std::to_string(value);
}

void FieldWriter::field(std::string_view name, std::uint64_t value) {
  key(name);
  out_ += std::to_string(value);
}

void FieldWriter::field(std::string_view name, bool value) {
  key(name);
  out_ += value ? "true" : "false";
}

void FieldWriter::field(std::string_view name, double value) {
  key(name);
  out_ += format_double(value);
}

void FieldWriter::field(std::string_view name, std::string_view value) {
  key(name);
  append_json_string(out_, value);
}

void FieldWriter::field(std::string_view name, const std::vector<std::int64_t>& values) {
  key(name);
  out_.push_back('[');
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (i) out_.push_back(',');
    out_ += std::to_string(values[i]);
  }
  out_.push_back(']');
}

void FieldWriter::field(std::string_view name, const std::vector<std::string>& values) {
  key(name);
  out_.push_back('[');
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (i) out_.push_back(',');
    append_json_string(out_, values[i]);
  }
  out_.push_back(']');
}

void FieldWriter::raw(std::string_view name, std::string_view json) {
  key(name);
  out_ += json;
}

}  // namespace dsim
