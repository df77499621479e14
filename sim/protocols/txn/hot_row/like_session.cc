// The hot-row client's transaction logic (see like_session.h).
#include "sim/protocols/txn/hot_row/like_session.h"

namespace dsim::txn::hot_row {

Statement add_likes_statement(std::int64_t likes) {
  Statement statement;
  statement.kind = StatementKind::update;
  statement.table = kHotTable;
  statement.keys = {kHotKey};
  statement.set = {Assignment{kHotColumn, true, likes}};
  return statement;
}

Statement LikeSession::begin() {
  if (mode_ == HotRowMode::atomic_update) {
    phase_ = Phase::update;
    return add_likes_statement(1);
  }
  phase_ = Phase::lock;
  Statement read;
  read.kind = StatementKind::select;
  read.table = kHotTable;
  read.keys = {kHotKey};
  read.locking = LockingClause::for_update;
  return read;
}

LikeSession::Next LikeSession::on_result(const StatementResult& result, Statement& statement) {
  if (result.status == StatementResult::Status::failed) return Next::failed;  // the engine rolled it back
  switch (phase_) {
    case Phase::lock: {
      auto row = result.rows.find(kHotKey);
      std::int64_t seen = row == result.rows.end() || !row->second.count(kHotColumn) ? 0 : row->second.at(kHotColumn);
      statement = add_likes_statement(0);
      statement.set = {Assignment{kHotColumn, false, seen + 1}};  // the value computed from the locked read
      phase_ = Phase::update;
      return Next::send;
    }
    case Phase::update:
      statement = Statement{};
      statement.kind = StatementKind::commit;
      phase_ = Phase::commit;
      return Next::send;
    case Phase::commit:
      return Next::liked;
  }
  return Next::failed;
}

}  // namespace dsim::txn::hot_row
