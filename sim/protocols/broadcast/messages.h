// The messages of reliable broadcast. Clients talk to servers with Broadcast/BroadcastOk; servers
// spread values by flooding (Gossip) and repair what flooding lost by push-pull anti-entropy
// (Digest, then DigestReply, then a repair Gossip): Demers et al., "Epidemic algorithms for
// replicated database maintenance", PODC 1987, §1.3 (anti-entropy) and §2 (push-pull).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "sim/core/fields.h"
#include "sim/core/message.h"
#include "sim/core/time.h"
#include "sim/protocols/broadcast/value_summary.h"

namespace dsim::broadcast {

// A value together with the time it first reached any server, so that every later server can
// measure how long the value took to reach it (broadcast.delivery_latency_us).
struct ValueEntry {
  ValueId value;
  TimeUs origin_us = 0;  // when the first server saw it, on that server's clock
};

// client -> server: "make sure every server gets this value". Retried to another server on timeout.
struct Broadcast : MessageOf<Broadcast> {
  ValueId value;
  std::uint64_t request_id = 0;  // pairs the request with its BroadcastOk; retries keep it

  std::string_view type() const override { return "Broadcast"; }
  void describe(FieldWriter& out) const override {
    out.field("value", value.to_string());
    out.field("request_id", request_id);
  }
};

// server -> client: the value is stored durably on this server (and is being spread).
struct BroadcastOk : MessageOf<BroadcastOk> {
  ValueId value;
  std::uint64_t request_id = 0;

  std::string_view type() const override { return "BroadcastOk"; }
  void describe(FieldWriter& out) const override {
    out.field("value", value.to_string());
    out.field("request_id", request_id);
  }
};

// server -> server: values to store. Sent once to every peer when a server first hears of a value
// (flooding, repair = false), and as the last step of an anti-entropy exchange (repair = true).
struct Gossip : MessageOf<Gossip> {
  std::vector<ValueEntry> values;
  bool repair = false;  // true when anti-entropy, not flooding, sent it

  std::string_view type() const override { return "Gossip"; }
  void describe(FieldWriter& out) const override {
    std::vector<std::string> names;
    for (const ValueEntry& entry : values) names.push_back(entry.value.to_string());
    out.field("values", names);
    out.field("repair", repair);
  }
};

// server -> random peer, every anti-entropy interval: "this is everything I hold".
struct Digest : MessageOf<Digest> {
  ValueSummary held;

  std::string_view type() const override { return "Digest"; }
  void describe(FieldWriter& out) const override {
    out.field("held", held.describe());
    out.field("count", static_cast<std::uint64_t>(held.size()));
  }
};

// peer -> digest sender: the push half (values the sender lacks) and the pull half (values the
// peer lacks, which the sender answers with a repair Gossip).
struct DigestReply : MessageOf<DigestReply> {
  std::vector<ValueEntry> values_you_lack;
  std::vector<ValueId> wanted;

  std::string_view type() const override { return "DigestReply"; }
  void describe(FieldWriter& out) const override {
    std::vector<std::string> pushed;
    for (const ValueEntry& entry : values_you_lack) pushed.push_back(entry.value.to_string());
    std::vector<std::string> pulled;
    for (const ValueId& value : wanted) pulled.push_back(value.to_string());
    out.field("values_you_lack", pushed);
    out.field("wanted", pulled);
  }
};

}  // namespace dsim::broadcast
