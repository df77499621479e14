// What a hot-row scenario can tune: the store's "params" (store_protocol/store_params.h: flavour,
// level, lock_wait_timeout, invariants) and the clients' "workload", parsed by workload_parse.cc:
//
//   "workload": {"hot_row": "queue", "clients": 40, "likes_per_client": 5, "start_within": "20ms",
//                "think": ["0ms", "2ms"], "batch": 10}
//
// A hot row: many clients add likes to one counter, posts/p1.likes, the "everyone wants the same
// resource" question of docs/concepts/contention.md. "hot_row" says how the work is done:
//   atomic-update   each client runs its own transaction: UPDATE likes = likes + 1; COMMIT
//   for-update      each client: SELECT ... FOR UPDATE; UPDATE likes = <read> + 1; COMMIT
//   queue           each client sends its like to one queue worker, which applies them one batch at a
//                   time (up to `batch` likes coalesced into UPDATE likes = likes + k; COMMIT)
// In the first two the clients queue on the row lock inside the database; in the last they queue in
// front of the worker, and the database sees one transaction at a time.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "sim/core/time.h"

namespace dsim {
class JsonReader;
}

namespace dsim::txn::hot_row {

enum class HotRowMode : std::uint8_t { atomic_update, for_update, queue };
const char* hot_row_mode_name(HotRowMode mode);  // "atomic-update", "for-update", "queue"
std::optional<HotRowMode> parse_hot_row_mode(std::string_view text);

struct HotRowWorkload {
  HotRowMode mode = HotRowMode::atomic_update;
  std::uint32_t clients = 20;
  std::uint32_t likes_per_client = 5;               // each client sends its likes one after another
  DurationUs start_within_us = 20 * kMillisecond;   // each client starts at a uniform time in [0, this]
  DurationUs think_min_us = 0;                      // pause between statements and between likes, uniform
  DurationUs think_max_us = 2 * kMillisecond;
  std::uint32_t batch = 1;                          // queue: most likes the worker applies in one transaction
};

// Reads "workload"; "hot_row" (the mode) is required.
HotRowWorkload parse_hot_row_workload(const JsonReader& workload);

}  // namespace dsim::txn::hot_row
