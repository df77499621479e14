// The buyer's application logic for each flash-sale strategy (see buyer_session.h).
#include "sim/protocols/txn/flash_sale/buyer_session.h"

#include "sim/core/assert.h"

namespace dsim::txn::flash_sale {

BuyerSession::BuyerSession(SaleStrategy strategy, std::uint32_t buyer, bool looker)
    : strategy_(strategy), buyer_(buyer), looker_(looker) {}

Statement BuyerSession::simple(StatementKind kind) {
  Statement statement;
  statement.kind = kind;
  return statement;
}

Statement BuyerSession::read_statement() const {
  Statement statement;
  statement.kind = StatementKind::select;
  statement.table = kEventTable;
  statement.keys = {kEventKey};
  if (strategy_ == SaleStrategy::for_update) statement.locking = LockingClause::for_update;
  return statement;
}

Statement BuyerSession::decrement_statement() const {
  Statement statement;
  statement.kind = StatementKind::update;
  statement.table = kEventTable;
  statement.keys = {kEventKey};
  switch (strategy_) {
    case SaleStrategy::atomic_update:
      statement.set = {Assignment{"n", true, -1}};
      statement.where = Predicate{};
      statement.where->column = "n";
      statement.where->ge = 1;
      break;
    case SaleStrategy::optimistic:
      statement.set = {Assignment{"n", false, seen_n_ - 1}, Assignment{"version", false, seen_version_ + 1}};
      statement.where = Predicate{};
      statement.where->column = "version";
      statement.where->eq = seen_version_;
      break;
    default:  // the value the application computed from its read
      statement.set = {Assignment{"n", false, seen_n_ - 1}};
      break;
  }
  return statement;
}

Statement BuyerSession::ticket_statement() const {
  Statement statement;
  statement.kind = StatementKind::insert;
  statement.table = kTicketsTable;
  statement.keys = {"b" + std::to_string(buyer_)};
  // The seat is the number the buyer saw left (seat n goes to whoever takes the count from n to
  // n - 1), so two buyers who wrote back the same count hold the same seat. The atomic update
  // never reads the count, so its tickets carry no seat number.
  statement.row = Row{{"buyer", static_cast<std::int64_t>(buyer_)}};
  if (strategy_ != SaleStrategy::atomic_update) statement.row["seat"] = seen_n_;
  return statement;
}

Statement BuyerSession::begin_attempt() {
  if (strategy_ == SaleStrategy::atomic_update && !looker_) {
    phase_ = Phase::decrement;
    return decrement_statement();
  }
  phase_ = Phase::read;
  return read_statement();
}

BuyerAction BuyerSession::on_result(const StatementResult& result) {
  BuyerAction action;
  if (result.status == StatementResult::Status::failed) {
    // After a rollback we sent ourselves, "already ended" is expected; otherwise the engine rolled
    // the attempt back (serialization failure, deadlock, lock timeout): start again.
    if (phase_ == Phase::rollback_sold_out) action.kind = BuyerAction::Kind::sold_out;
    else if (phase_ == Phase::rollback_looked) action.kind = BuyerAction::Kind::looked;
    else action.kind = BuyerAction::Kind::retry;
    return action;
  }
  DSIM_ASSERT(result.status == StatementResult::Status::done, "a buyer only hears of finished statements");
  switch (phase_) {
    case Phase::read: {
      auto row = result.rows.find(kEventKey);
      seen_n_ = row == result.rows.end() ? 0 : row->second.count("n") ? row->second.at("n") : 0;
      seen_version_ = row == result.rows.end() || !row->second.count("version") ? 0 : row->second.at("version");
      if (looker_) {
        phase_ = Phase::rollback_looked;
        action.statement = simple(StatementKind::rollback);
        return action;
      }
      if (seen_n_ < 1) {
        phase_ = Phase::rollback_sold_out;
        action.statement = simple(StatementKind::rollback);
        return action;
      }
      phase_ = Phase::decrement;
      action.statement = decrement_statement();
      return action;
    }
    case Phase::decrement:
      if (result.affected == 0) {
        // atomic-update: no seat left; optimistic: someone changed the version first.
        phase_ = strategy_ == SaleStrategy::optimistic ? Phase::rollback_conflict : Phase::rollback_sold_out;
        action.statement = simple(StatementKind::rollback);
        return action;
      }
      phase_ = Phase::insert;
      action.statement = ticket_statement();
      return action;
    case Phase::insert:
      phase_ = Phase::commit;
      action.statement = simple(StatementKind::commit);
      return action;
    case Phase::commit:
      action.kind = BuyerAction::Kind::bought;
      return action;
    case Phase::rollback_sold_out:
      action.kind = BuyerAction::Kind::sold_out;
      return action;
    case Phase::rollback_looked:
      action.kind = BuyerAction::Kind::looked;
      return action;
    case Phase::rollback_conflict:
      action.kind = BuyerAction::Kind::retry;
      action.conflict = true;
      return action;
  }
  return action;
}

}  // namespace dsim::txn::flash_sale
