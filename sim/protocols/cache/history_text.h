// The text of the operations the cache protocol records (view.h explains each): a read's value
// "v5 n2" (version 5, from node 2) or "v5 db" or "absent", a commit's "v5 c1#17". Written by the
// nodes, read back by the checkers, so the format lives in one place.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "sim/core/ids.h"
#include "sim/protocols/cache/keys.h"

namespace dsim::cache {

// "c1#17": client 1's request 17; names a write from the client to the database's commit.
std::string write_origin(std::uint32_t client_index, std::uint64_t request_id);

// "v5 n2" when `served_by` is a cache node, "v5 db" for the database.
std::string read_value(Version version, NodeId served_by);
std::string version_value(Version version);                          // "v5"
std::string commit_value(Version version, std::string_view origin);  // "v5 c1#17"

// The version at the start of such a text ("v5 ..." -> 5); nullopt for "absent" or anything else.
std::optional<Version> parse_version(std::string_view value);
// What follows the version ("v5 n2" -> "n2", "v5 c1#17" -> "c1#17"); "" when nothing does.
std::string_view value_detail(std::string_view value);

}  // namespace dsim::cache
