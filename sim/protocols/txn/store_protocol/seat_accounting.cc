// Seat and counter accounting over the committed rows (see seat_accounting.h).
#include "sim/protocols/txn/store_protocol/seat_accounting.h"

namespace dsim::txn {

namespace {

std::string plural(std::int64_t count, const char* one, const char* many) {
  return std::to_string(count) + " " + (count == 1 ? one : many);
}

std::optional<std::int64_t> column_of(const std::map<RowKey, Row>& committed, const RowKey& row_key, const std::string& column) {
  auto row = committed.find(row_key);
  if (row == committed.end()) return std::nullopt;
  auto value = row->second.find(column);
  if (value == row->second.end()) return std::nullopt;
  return value->second;
}

}  // namespace

std::vector<std::string> seat_accounting_problems(const std::map<RowKey, Row>& committed, const SeatAccounting& rule) {
  std::vector<std::string> problems;
  std::string counter = describe(rule.counter) + "." + rule.column;
  std::optional<std::int64_t> left = column_of(committed, rule.counter, rule.column);
  if (!left) {
    problems.push_back(counter + " has no committed value: the seats left cannot be counted");
    return problems;
  }
  std::int64_t sold = 0;
  std::map<std::int64_t, std::vector<std::string>> tickets_of_seat;  // seat number -> ticket keys, in key order
  for (const auto& [row_key, row] : committed) {
    if (row_key.table != rule.tickets) continue;
    ++sold;
    if (!rule.seat_column) continue;
    auto seat = row.find(*rule.seat_column);
    if (seat != row.end()) tickets_of_seat[seat->second].push_back(row_key.key);
  }
  if (*left < 0) problems.push_back(counter + " is " + std::to_string(*left) + ": more seats were taken than exist");
  for (const auto& [seat, tickets] : tickets_of_seat) {
    if (seat < 1 || seat > rule.total)
      problems.push_back("ticket " + tickets.front() + " holds seat " + std::to_string(seat) + ", which is not one of seats 1.." +
                         std::to_string(rule.total));
    if (tickets.size() < 2) continue;
    std::string names;
    for (std::size_t i = 0; i < tickets.size(); ++i)
      names += (i ? (i + 1 == tickets.size() ? " and " : ", ") : "") + tickets[i];
    problems.push_back("seat " + std::to_string(seat) + " was sold " + (tickets.size() == 2 ? "twice" : plural(static_cast<std::int64_t>(tickets.size()), "time", "times")) +
                       ": tickets " + names + (tickets.size() == 2 ? " both" : " all") + " hold it");
  }
  std::int64_t accounted = sold + *left;
  if (accounted != rule.total) {
    std::string sum = plural(sold, "ticket", "tickets") + " sold + " + plural(*left, "seat", "seats") + " left (" + counter + ") = " +
                      std::to_string(accounted) + (rule.total == 1 ? ", but there was " : ", but there were ") +
                      plural(rule.total, "seat", "seats") + ": ";
    if (accounted > rule.total)
      sum += plural(accounted - rule.total, "ticket was", "tickets were") +
             " sold without taking a seat off the count (a lost decrement: buyers wrote back the same count)";
    else
      sum += plural(rule.total - accounted, "seat is", "seats are") + " lost: taken off the count with no ticket to show for it";
    problems.push_back(sum);
  }
  return problems;
}

std::vector<std::string> counter_of_rows_problems(const std::map<RowKey, Row>& committed, const CounterOfRows& rule) {
  std::vector<std::string> problems;
  std::string counter = describe(rule.counter) + "." + rule.column;
  std::optional<std::int64_t> count = column_of(committed, rule.counter, rule.column);
  if (!count) {
    problems.push_back(counter + " has no committed value");
    return problems;
  }
  std::int64_t rows = 0;
  for (const auto& [row_key, row] : committed) rows += row_key.table == rule.rows;
  std::int64_t expected = rule.base + rows;
  if (*count == expected) return problems;
  std::string text = counter + " is " + std::to_string(*count) + ", but " + rule.rows + " holds " + plural(rows, "committed row", "committed rows") +
                     " on top of the " + std::to_string(rule.base) + " counted at the start (" + std::to_string(expected) + "): ";
  if (*count < expected)
    text += plural(expected - *count, "row was", "rows were") + " never counted (an increment was overwritten)";
  else
    text += plural(*count - expected, "increment has", "increments have") + " no row behind it";
  problems.push_back(text);
  return problems;
}

}  // namespace dsim::txn
