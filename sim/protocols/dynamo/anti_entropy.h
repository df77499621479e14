// Anti-entropy between replicas with Merkle trees (DeCandia et al., "Dynamo", SOSP 2007, §4.7).
// With "anti_entropy" on, every anti_entropy_interval a server picks the next other server in
// turn and compares with it the keys they both replicate (every key whose preference list holds
// both: Dynamo keeps one tree per key range a node hosts; here one tree per pair of servers covers
// the ranges the two share). The comparison walks down both trees a level per message, sending
// only the hashes under nodes that differed, and at the leaves exchanges the records of the
// differing leaves: each side keeps the newer version of every key (last-writer-wins, as a
// replica always does). The messages and the timer are here; the tree is merkle_tree.h and the
// server's handlers anti_entropy.cc.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sim/core/fields.h"
#include "sim/core/message.h"
#include "sim/core/timer.h"
#include "sim/protocols/dynamo/version.h"

namespace dsim::dynamo {

// replica -> replica: my hashes of these nodes at `level` of the tree over the keys we share
// (level 0: the root). The receiver compares them with its own and answers with the next level
// under the nodes that differ, or, at the leaves, with a MerkleLeaves.
struct MerkleLevel : MessageOf<MerkleLevel> {
  std::uint32_t level = 0;
  std::vector<std::uint64_t> indices;
  std::vector<std::uint64_t> hashes;  // one per index
  // Carried along so that the side that ends the comparison can tell what it cost: hashes sent
  // so far by both sides (this message's included), and the keys the initiator holds in the
  // range (what a full comparison would send).
  std::uint64_t hashes_so_far = 0;
  std::uint64_t range_keys = 0;

  std::string_view type() const override { return "MerkleLevel"; }
  void describe(FieldWriter& out) const override {
    out.field("level", static_cast<std::uint64_t>(level));
    std::vector<std::int64_t> listed(indices.begin(), indices.end());
    out.field("nodes", listed);
  }
};

// replica -> replica: every record the sender holds in these differing leaves. `reply` = false:
// the first side to reach the leaves; the receiver keeps what is newer and answers (reply = true)
// with its own records the sender lacked or held older.
struct MerkleLeaves : MessageOf<MerkleLeaves> {
  std::vector<std::uint64_t> leaves;
  std::vector<std::pair<std::string, Record>> records;
  bool reply = false;
  std::uint64_t hashes_so_far = 0;  // as in MerkleLevel
  std::uint64_t range_keys = 0;
  std::uint64_t keys_so_far = 0;    // records sent by both sides, this message's included

  std::string_view type() const override { return "MerkleLeaves"; }
  void describe(FieldWriter& out) const override {
    std::vector<std::int64_t> listed(leaves.begin(), leaves.end());
    out.field("leaves", listed);
    std::string text;
    for (const auto& [key, record] : records) text += (text.empty() ? "" : " ") + key + "=" + record.to_string();
    out.field("records", text);
    if (reply) out.field("reply", reply);
  }
};

// A server's turn to start a comparison with its next peer. Only set with anti-entropy on.
struct AntiEntropyTick {
  static constexpr TimerKind kKind{4, "anti-entropy-tick"};
  TimerWords pack() const { return {}; }
  static AntiEntropyTick unpack(TimerWords) { return {}; }
};

}  // namespace dsim::dynamo
