// A hot row: many clients add likes to one counter, posts/p1.likes, the "everyone wants the same
// resource" question of docs/concepts/contention.md. Two ways to do the work:
//   atomic-update   each client runs its own transaction: UPDATE likes = likes + 1; COMMIT
//   for-update      each client: SELECT ... FOR UPDATE; UPDATE likes = <read> + 1; COMMIT
//   queue           each client sends its like to one queue worker, which applies them one batch at a
//                   time (up to `batch` likes coalesced into UPDATE likes = likes + k; COMMIT)
// In the first two the clients queue on the row lock inside the database; in the last they queue in
// front of the worker, and the database sees one transaction at a time. LikeSession is the client's
// transaction logic for the locking modes as a pure state machine (like BuyerSession).
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "sim/core/time.h"
#include "sim/protocols/txn/statement.h"

namespace dsim::txn {

enum class HotRowMode : std::uint8_t { atomic_update, for_update, queue };
const char* hot_row_mode_name(HotRowMode mode);  // "atomic-update", "for-update", "queue"
std::optional<HotRowMode> parse_hot_row_mode(std::string_view text);

// The "workload" of a hot-row scenario.
struct HotRowWorkload {
  HotRowMode mode = HotRowMode::atomic_update;
  std::uint32_t clients = 20;
  std::uint32_t likes_per_client = 5;               // each client sends its likes one after another
  DurationUs start_within_us = 20 * kMillisecond;   // each client starts at a uniform time in [0, this]
  DurationUs think_min_us = 0;                      // pause between statements and between likes, uniform
  DurationUs think_max_us = 2 * kMillisecond;
  std::uint32_t batch = 1;                          // queue: most likes the worker applies in one transaction
};

// The hot row, and the statements that change it.
inline constexpr const char* kHotTable = "posts";
inline constexpr const char* kHotKey = "p1";
inline constexpr const char* kHotColumn = "likes";
Statement add_likes_statement(std::int64_t likes);  // UPDATE posts SET likes = likes + k WHERE id = p1

// One like by one client in a locking mode.
class LikeSession {
 public:
  enum class Next : std::uint8_t { send, liked, failed };
  explicit LikeSession(HotRowMode mode) : mode_(mode) {}
  Statement begin();
  // What to do once the last statement finished; `statement` is filled when the answer is `send`.
  Next on_result(const StatementResult& result, Statement& statement);

 private:
  enum class Phase : std::uint8_t { lock, update, commit };
  HotRowMode mode_;
  Phase phase_ = Phase::lock;
};

}  // namespace dsim::txn
