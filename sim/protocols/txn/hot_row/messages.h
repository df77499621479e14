// The hot row's own messages, between a client and the queue worker (queue mode); the statements
// themselves go through the statement service's messages (statement_service/messages.h).
#pragma once

#include <cstdint>

#include "sim/core/message.h"

namespace dsim::txn::hot_row {

// A client hands one like to the queue worker.
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

}  // namespace dsim::txn::hot_row
