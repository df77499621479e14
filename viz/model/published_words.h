// Published integers that are not quantities but sentinels: a worker's job -1 (it has none), a
// Raft server's voted_for -1, a lock service's holder -1, a cache's hit ratio -1 (no reads). The
// protocols publish them so (each key's view.h says so); the viewer must never show them raw, so
// the topology's numbers leave them out and the inspector writes them as words. One table for
// every protocol, keyed by the published key's name (and, for keys inside a JSON value, the member
// or array that holds them). Pure, table-tested.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace dsim::viz {

// What `value` of the top-level published key `key` means when it is a sentinel ("none", "no
// reads", ...), or nothing when it is an ordinary number.
std::optional<std::string_view> sentinel_word(std::string_view key, std::int64_t value);

// The published value `json_text` of `key` with every sentinel in it, at the top level or inside
// (the log's partition and group keys), replaced by its word; nothing when it holds none (the
// caller shows the text as it is).
std::optional<std::string> with_sentinel_words(std::string_view key, std::string_view json_text);

}  // namespace dsim::viz
