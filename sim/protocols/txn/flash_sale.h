// A flash sale: N buyers race for M seats, each following one strategy for "read the count, take a
// seat, write a ticket". BuyerSession is the application logic of one buyer as a pure state machine:
// given what its last statement returned, it says what to send next, or that the buyer is done.
// The strategies are the ones of the "last seat" scenarios, run under load (docs/concepts/contention.md):
//   read-then-write      SELECT n; UPDATE n = <n read> - 1; INSERT ticket; COMMIT (loses updates at RC)
//   atomic-update        UPDATE n = n - 1 WHERE n >= 1; INSERT ticket only if a row changed; COMMIT
//   for-update           SELECT n FOR UPDATE; UPDATE n = <n read> - 1; INSERT ticket; COMMIT
//   optimistic           SELECT n, version; UPDATE ... WHERE version = <read>; none changed: retry
//   serializable-retry   read-then-write, meant for serializable: a serialization failure retries
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "sim/core/time.h"
#include "sim/protocols/txn/statement.h"

namespace dsim::txn {

enum class SaleStrategy : std::uint8_t { read_then_write, atomic_update, for_update, optimistic, serializable_retry };
const char* sale_strategy_name(SaleStrategy strategy);
std::optional<SaleStrategy> parse_sale_strategy(std::string_view text);

// The "workload" of a flash-sale scenario.
struct SaleWorkload {
  std::uint32_t clients = 20;              // buyers, one seat each
  std::int64_t seats = 10;                 // seats on sale (event e1, column n)
  SaleStrategy strategy = SaleStrategy::atomic_update;
  DurationUs start_within_us = 20 * kMillisecond;  // each buyer starts at a uniform time in [0, this]
  DurationUs think_min_us = 0;             // the application's pause between statements, uniform
  DurationUs think_max_us = 2 * kMillisecond;
  std::uint32_t max_attempts = 10;         // a buyer gives up after this many failed attempts
  DurationUs backoff_us = 2 * kMillisecond;  // retry after uniform [1, backoff × 2^attempt] µs
  // Percent of clients who only look: they read the count (with the strategy's read, so FOR UPDATE
  // holds the lock while they think), think, and roll back without buying.
  std::int64_t lookers_percent = 0;
};

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

}  // namespace dsim::txn
