// One like by one client in a locking mode, as a pure state machine (like the flash sale's
// BuyerSession): what to send next given what the last statement returned. Also the hot row
// itself, posts/p1.likes, and the statement that adds to it.
#pragma once

#include <cstdint>

#include "sim/protocols/txn/engine/statement.h"
#include "sim/protocols/txn/hot_row/params.h"

namespace dsim::txn::hot_row {

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

}  // namespace dsim::txn::hot_row
