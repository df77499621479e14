// A scan of valid JSON text for a key written twice in one object (see duplicate_keys.h).
#include "sim/scenario/duplicate_keys.h"

#include <map>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

namespace dsim {
namespace {

struct Position {
  std::size_t line = 1;
  std::size_t column = 1;
};

// One open object or array.
struct Frame {
  bool object = false;
  std::string path;
  std::map<std::string, Position> keys;  // objects: each key seen and where
  std::string key;                        // objects: the key whose value comes next
  bool expecting_key = true;              // objects: after '{' or ','
  std::size_t index = 0;                  // arrays: the index of the next element
};

std::string child_path(const Frame& parent) {
  if (parent.object) return parent.path.empty() ? parent.key : parent.path + "." + parent.key;
  return parent.path + "[" + std::to_string(parent.index) + "]";
}

}  // namespace

std::optional<DuplicateKey> find_duplicate_key(std::string_view text) {
  std::vector<Frame> stack;
  Position at;
  auto advance = [&](char c) {
    if (c == '\n') {
      ++at.line;
      at.column = 1;
    } else {
      ++at.column;
    }
  };
  std::size_t i = 0;
  while (i < text.size()) {
    char c = text[i];
    if (c == '"') {
      Position start = at;
      std::size_t begin = i;
      advance(c);
      ++i;
      while (i < text.size() && text[i] != '"') {
        if (text[i] == '\\' && i + 1 < text.size()) {
          advance(text[i]);
          ++i;
        }
        advance(text[i]);
        ++i;
      }
      if (i < text.size()) {
        advance(text[i]);
        ++i;
      }
      if (!stack.empty() && stack.back().object && stack.back().expecting_key) {
        Frame& frame = stack.back();
        nlohmann::json decoded = nlohmann::json::parse(text.substr(begin, i - begin), nullptr, false);
        std::string key = decoded.is_string() ? decoded.get<std::string>() : std::string(text.substr(begin, i - begin));
        auto [found, inserted] = frame.keys.emplace(key, start);
        if (!inserted) {
          return DuplicateKey{key, frame.path, start.line, start.column, found->second.line, found->second.column};
        }
        frame.key = std::move(key);
        frame.expecting_key = false;
      }
      continue;
    }
    if (c == '{' || c == '[') {
      Frame frame;
      frame.object = c == '{';
      frame.path = stack.empty() ? std::string() : child_path(stack.back());
      stack.push_back(std::move(frame));
    } else if (c == '}' || c == ']') {
      if (!stack.empty()) stack.pop_back();
    } else if (c == ',' && !stack.empty()) {
      if (stack.back().object) stack.back().expecting_key = true;
      else ++stack.back().index;
    }
    advance(c);
    ++i;
  }
  return std::nullopt;
}

std::string describe_duplicate_key(const DuplicateKey& duplicate) {
  std::string where = duplicate.path.empty() ? std::string("at the top level") : "in " + duplicate.path;
  return "line " + std::to_string(duplicate.line) + ", column " + std::to_string(duplicate.column) +
         ": duplicate key " + nlohmann::json(duplicate.key).dump() + " " + where + " (first at line " +
         std::to_string(duplicate.first_line) + ", column " + std::to_string(duplicate.first_column) +
         "); each key may appear once in an object, or the first would be silently ignored";
}

}  // namespace dsim
