// Lab 1's server-to-server messages (given: you need not change them, but you may add your own).
// Clients are dsim's own broadcast clients: they send broadcast::Broadcast to a random server and
// wait for broadcast::BroadcastOk, retrying another server on a timeout (sim/protocols/broadcast).
#pragma once

#include <string_view>

#include "sim/core/fields.h"
#include "sim/core/message.h"
#include "sim/protocols/broadcast/value_summary.h"

namespace dsim::lab01 {

using broadcast::ValueId;

// server -> server: "store this value". Sent again until the peer answers with ForwardAck.
struct Forward : MessageOf<Forward> {
  ValueId value;

  std::string_view type() const override { return "Forward"; }
  void describe(FieldWriter& out) const override { out.field("value", value.to_string()); }
};

// server -> server: "I hold this value now; stop sending it to me".
struct ForwardAck : MessageOf<ForwardAck> {
  ValueId value;

  std::string_view type() const override { return "ForwardAck"; }
  void describe(FieldWriter& out) const override { out.field("value", value.to_string()); }
};

}  // namespace dsim::lab01
