// Messages between the clients (one per transaction) and the store node.
#pragma once

#include <cstdint>
#include <string>

#include "sim/core/message.h"
#include "sim/protocols/txn/statement.h"

namespace dsim::txn {

// A client asks the store to run one statement of its transaction (step `step` of the script).
struct StatementRequest : MessageOf<StatementRequest> {
  std::uint32_t txn = 0;
  std::uint64_t step = 0;
  Statement statement;
  std::string_view type() const override { return "StatementRequest"; }
  void describe(FieldWriter& out) const override {
    out.field("txn", txn);
    out.field("step", step);
    out.field("sql", statement.sql());
  }
};

// The store's answer, sent when the statement finishes (at once, or after a lock wait).
struct StatementReply : MessageOf<StatementReply> {
  std::uint64_t step = 0;
  StatementResult result;
  std::string_view type() const override { return "StatementReply"; }
  void describe(FieldWriter& out) const override {
    out.field("step", step);
    out.field("status", result.status == StatementResult::Status::done ? "done" : "failed");
    out.field("affected", static_cast<std::uint64_t>(result.affected));
    if (result.error != ErrorKind::none) out.field("error", error_kind_name(result.error));
    out.field("waited", result.waited);
  }
};

}  // namespace dsim::txn
