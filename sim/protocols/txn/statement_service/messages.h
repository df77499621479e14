// Messages between a statement server (statement_server.h) and its clients: the flash sale's buyers,
// the hot row's clients and its queue worker.
#pragma once

#include <cstdint>
#include <string>
#include <utility>

#include "sim/core/message.h"
#include "sim/protocols/txn/engine/statement.h"

namespace dsim::txn {

// A client asks the store to run the next statement of its current attempt (a new attempt number
// begins a new transaction).
struct StatementRequest : MessageOf<StatementRequest> {
  std::uint32_t txn = 0;      // the client's number (a buyer's, a hot-row client's; 0: the queue worker)
  std::uint32_t attempt = 0;  // from 1
  Statement statement;
  std::string_view type() const override { return "StatementRequest"; }
  void describe(FieldWriter& out) const override {
    out.field("txn", txn);
    out.field("attempt", attempt);
    out.field("sql", statement.sql());
  }
};

// Client `txn`'s statement, in its attempt `attempt`.
inline StatementRequest statement_request(std::uint32_t txn, std::uint32_t attempt, Statement statement) {
  StatementRequest request;
  request.txn = txn;
  request.attempt = attempt;
  request.statement = std::move(statement);
  return request;
}

// The store's answer, sent when the statement finishes (at once, or after a lock wait).
struct StatementReply : MessageOf<StatementReply> {
  std::uint32_t attempt = 0;
  StatementResult result;
  std::string_view type() const override { return "StatementReply"; }
  void describe(FieldWriter& out) const override {
    out.field("attempt", attempt);
    out.field("status", result.status == StatementResult::Status::done ? "done" : "failed");
    out.field("affected", static_cast<std::uint64_t>(result.affected));
    if (result.error != ErrorKind::none) out.field("error", error_kind_name(result.error));
    out.field("waited", result.waited);
  }
};

// A client tells the store it is done (a buyer: bought, sold out or gave up; a hot-row client:
// "done"), so that the store knows when the work is over and can measure its throughput.
struct PurchaseDone : MessageOf<PurchaseDone> {
  std::string outcome;  // "bought", "sold out", "looked", "gave up"; "done"
  std::string_view type() const override { return "PurchaseDone"; }
  void describe(FieldWriter& out) const override { out.field("outcome", outcome); }
};

}  // namespace dsim::txn
