// One flash-sale buyer's application logic as a pure state machine: given what its last statement
// returned, it says what to send next, or that the buyer is done. Its strategy (params.h) decides
// how it reads the count, takes a seat and writes its ticket.
#pragma once

#include <cstdint>

#include "sim/protocols/txn/engine/statement.h"
#include "sim/protocols/txn/flash_sale/params.h"

namespace dsim::txn::flash_sale {

// What a buyer does next.
struct BuyerAction {
  enum class Kind : std::uint8_t {
    send,      // send `statement`
    bought,    // the purchase committed
    sold_out,  // it saw no seat left and rolled back
    looked,    // a looker read the count and left
    retry,     // this attempt failed (an error, or an optimistic conflict): start again after a backoff
  };
  Kind kind = Kind::send;
  Statement statement;
  bool conflict = false;  // retry: an optimistic version conflict rather than an engine error
};

class BuyerSession {
 public:
  BuyerSession(SaleStrategy strategy, std::uint32_t buyer, bool looker = false);
  // The first statement of a new attempt.
  Statement begin_attempt();
  // What to do once the last statement finished (done or failed).
  BuyerAction on_result(const StatementResult& result);

 private:
  enum class Phase : std::uint8_t { read, decrement, insert, commit, rollback_sold_out, rollback_conflict, rollback_looked };
  Statement read_statement() const;
  Statement decrement_statement() const;
  Statement ticket_statement() const;
  static Statement simple(StatementKind kind);

  SaleStrategy strategy_;
  std::uint32_t buyer_;
  bool looker_;
  Phase phase_ = Phase::read;
  std::int64_t seen_n_ = 0;        // n as the last read returned it
  std::int64_t seen_version_ = 0;  // version as the last read returned it
};

}  // namespace dsim::txn::flash_sale
