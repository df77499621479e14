// The scenario library by name ("raft/leader-crash"), for telling a person who typed a name that
// is not there which ones are: `dsim run raft/leader-crsh` suggests raft/leader-crash.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace dsim {

// "subject/slug" of every *.json one folder below `library_dir`, sorted; empty when it has none.
std::vector<std::string> library_scenario_names(const std::string& library_dir);

// Up to `limit` of `names` closest to `typed` (a typo away, or containing what was typed after
// its subject), closest first.
std::vector<std::string> nearest_names(const std::string& typed, const std::vector<std::string>& names,
                                       std::size_t limit = 3);

// Whether the file at `path` is a dsim trace (its first line is a trace header), so that a
// command expecting a scenario can say what to do with it instead of "invalid JSON".
bool looks_like_trace_file(const std::string& path);

}  // namespace dsim
