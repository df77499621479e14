// Finding a key written twice in one JSON object. nlohmann (like most JSON libraries) keeps the
// last of two equal keys and says nothing, so `"seed": 1, ..., "seed": 7` would silently run seed 7.
// RFC 8259 §4 only says names "SHOULD be unique"; dsim refuses duplicates, naming both places.
//
// This reads the raw text after nlohmann has accepted it as valid JSON, so it only has to follow
// strings, objects and arrays; it keeps its own stack (no recursion), so deep nesting is safe.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace dsim {

struct DuplicateKey {
  std::string key;        // the key as decoded ("a" for both "a" and "\u0061")
  std::string path;       // where the object is: "" for the top level, "faults[0]", "network.latency"
  std::size_t line = 0;   // the second occurrence, 1-based
  std::size_t column = 0;
  std::size_t first_line = 0;  // the first occurrence
  std::size_t first_column = 0;
};

// The first key that appears twice in the same object of `text` (which must be valid JSON), or
// nullopt when every object's keys are unique.
std::optional<DuplicateKey> find_duplicate_key(std::string_view text);

// "line 9, column 5: duplicate key "seed" at the top level (first at line 3, column 3); each key
// may appear once in an object" — the message the loader reports after the file's name.
std::string describe_duplicate_key(const DuplicateKey& duplicate);

}  // namespace dsim
