// Sloppy quorum with hinted handoff (DeCandia et al., "Dynamo", SOSP 2007, §4.6). With
// "sloppy_quorum" on, a coordinator that hears nothing from one of a key's N home replicas within
// `hint_timeout` (a per-request timeout: the failure detector here, no gossip of suspicions) sends
// the request to the next server past the first N on the ring instead. A write sent that way
// carries a hint naming the home it was meant for. The stand-in keeps hinted writes apart from
// its own keys (durably, like every record), offers them to their home every `handoff_interval`,
// and deletes each once the home acknowledges it. The pure part is here: the store of hints, its
// durable form, the messages and timers; the server's handlers are in hinted_handoff.cc.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/core/fields.h"
#include "sim/core/message.h"
#include "sim/core/node.h"
#include "sim/core/timer.h"
#include "sim/protocols/dynamo/version.h"
#include "sim/protocols/hashring/hash_ring.h"

namespace dsim::dynamo {

// stand-in -> home: a write taken for you while you did not answer (§4.6).
struct HandoffWrite : MessageOf<HandoffWrite> {
  std::string key;
  Record record;

  std::string_view type() const override { return "HandoffWrite"; }
  void describe(FieldWriter& out) const override {
    out.field("key", key);
    out.field("record", record.to_string());
  }
};

// home -> stand-in: that write is durable here (or a newer one is); the hint may go.
struct HandoffAck : MessageOf<HandoffAck> {
  std::string key;
  Record record;

  std::string_view type() const override { return "HandoffAck"; }
  void describe(FieldWriter& out) const override {
    out.field("key", key);
    out.field("record", record.to_string());
  }
};

// A coordinator's wait for the replicas of operation `op_id`: who has not answered by then is
// replaced by the next stand-in on the ring. Only set with sloppy quorum.
struct HintTimeout {
  static constexpr TimerKind kKind{2, "hint-timeout"};
  std::uint64_t op_id = 0;
  TimerWords pack() const { return {op_id}; }
  static HintTimeout unpack(TimerWords words) { return {words.a}; }
};

// A stand-in's periodic attempt to hand its hints back. Only set with sloppy quorum.
struct HandoffTick {
  static constexpr TimerKind kKind{3, "handoff-tick"};
  TimerWords pack() const { return {}; }
  static HandoffTick unpack(TimerWords) { return {}; }
};

// The hinted writes a stand-in holds, by home then key; per (home, key) only the newest record
// (last-writer-wins, like a replica), since the home would keep only that one.
class HintStore {
 public:
  using ByHome = std::map<NodeId, std::map<std::string, Record>>;

  // Keeps `record` for `home` unless a version at least as new is held; true when it was kept.
  bool add(NodeId home, const std::string& key, const Record& record);
  // The home acknowledged `record`: the hint goes if it is still the one held (a newer hint that
  // arrived meanwhile stays until the home acknowledges that one). True when a hint went.
  bool delivered(NodeId home, const std::string& key, const Record& record);
  // The newest hinted record for `key`, whichever home it is for (a stand-in answering a read).
  std::optional<Record> newest_for(const std::string& key) const;
  std::size_t pending() const;
  const ByHome& by_home() const { return hints_; }

  // Durable form: one entry per hint, "hint/3/k0" -> "c0-4@1050000.1".
  static std::string durable_key(NodeId home, std::string_view key);
  static HintStore from_durable(const DurableEntries& entries);

 private:
  ByHome hints_;
};

inline constexpr std::string_view kDurableHintPrefix = "hint/";

// The servers that stand in for a key's homes, in the order a coordinator tries them: the ring's
// order past the first `replicas` (the "next healthy node" of §4.6 is the first of these that
// answers).
std::vector<NodeId> stand_ins(const hashring::HashRing& ring, std::string_view key, std::uint32_t replicas,
                              std::uint32_t servers);

}  // namespace dsim::dynamo
