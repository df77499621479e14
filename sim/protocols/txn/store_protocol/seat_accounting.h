// Application invariants that count things across two tables, as pure functions of the committed
// rows so that a test can hand them a broken state. "Seats accounted for": every seat of a sale is
// either on a ticket or still counted as available (tickets + seats left = total) and no seat number
// is on two tickets. "Counter matches rows": a counter column (review_count) equals its starting value
// plus the rows added since (reviews), so a write that overwrote someone's increment shows.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "sim/protocols/txn/engine/types.h"

namespace dsim::txn {

struct SeatAccounting {
  RowKey counter{"event", "e1"};   // the row holding the seats left
  std::string column = "n";        // its column
  std::string tickets = "tickets"; // one committed row per seat sold
  std::int64_t total = 0;          // seats on sale at the start
  // A ticket's seat number, when tickets carry one (1..total); tickets without it are only counted.
  std::optional<std::string> seat_column;
};

// Each problem in words, naming the seat and the counts; empty when every seat is accounted for.
std::vector<std::string> seat_accounting_problems(const std::map<RowKey, Row>& committed, const SeatAccounting& rule);

struct CounterOfRows {
  RowKey counter;            // restaurants/pizza_palace
  std::string column;        // review_count
  std::string rows;          // reviews: the table whose rows it counts
  std::int64_t base = 0;     // the count before the run (rows not in the table)
};

std::vector<std::string> counter_of_rows_problems(const std::map<RowKey, Row>& committed, const CounterOfRows& rule);

}  // namespace dsim::txn
