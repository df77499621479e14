// The one message of causal broadcast: a member's post, stamped with its vector timestamp
// (Birman, Schiper and Stephenson 1991, CBCAST). Every member sends each of its posts to every other.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "sim/core/fields.h"
#include "sim/core/message.h"
#include "sim/protocols/causal/vector_timestamp.h"

namespace dsim::causal {

struct Multicast : MessageOf<Multicast> {
  NodeId origin = kNoNode;    // the member that posted it
  std::uint64_t sequence = 0; // its origin's 1st, 2nd, ... post (equal to timestamp[origin])
  VectorTimestamp timestamp;  // the origin's VT right after posting
  std::string text;           // "post" or "reply to 0#3"

  std::string_view type() const override { return "Multicast"; }
  void describe(FieldWriter& out) const override {
    out.field("origin", static_cast<std::uint64_t>(origin));
    out.field("sequence", sequence);
    out.field("vt", to_string(timestamp));
    out.field("text", text);
  }
};

}  // namespace dsim::causal
