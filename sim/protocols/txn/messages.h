// Messages between the flash-sale buyers (or the hot-row clients and queue worker) and the store node.
#pragma once

#include <cstdint>
#include <string>

#include "sim/core/message.h"
#include "sim/protocols/txn/statement.h"

namespace dsim::txn {

// A buyer asks the store to run the next statement of its current attempt (a new attempt number
// begins a new transaction).
struct StatementRequest : MessageOf<StatementRequest> {
  std::uint32_t txn = 0;      // the buyer's number
  std::uint32_t attempt = 0;  // from 1
  Statement statement;
  std::string_view type() const override { return "StatementRequest"; }
  void describe(FieldWriter& out) const override {
    out.field("txn", txn);
    out.field("attempt", attempt);
    out.field("sql", statement.sql());
  }
};

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

// A buyer tells the store it is done (bought, sold out or gave up), so that the store knows when
// the sale is over and can measure its throughput.
struct PurchaseDone : MessageOf<PurchaseDone> {
  std::string outcome;  // "bought", "sold out", "gave up"
  std::string_view type() const override { return "PurchaseDone"; }
  void describe(FieldWriter& out) const override { out.field("outcome", outcome); }
};

// Hot row, queue mode: a client hands one like to the queue worker.
struct LikeRequest : MessageOf<LikeRequest> {
  std::uint32_t like = 0;  // the client's like number, from 1
  std::string_view type() const override { return "LikeRequest"; }
  void describe(FieldWriter& out) const override { out.field("like", like); }
};

// The worker's answer once the batch holding the like committed (or failed).
struct LikeReply : MessageOf<LikeReply> {
  std::uint32_t like = 0;
  bool applied = false;
  std::uint32_t batch_size = 0;  // likes coalesced into the same transaction
  std::string_view type() const override { return "LikeReply"; }
  void describe(FieldWriter& out) const override {
    out.field("like", like);
    out.field("applied", applied);
    out.field("batch_size", batch_size);
  }
};

}  // namespace dsim::txn
