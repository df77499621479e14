// One replica's CRDT, whichever of the four types the scenario chose, behind one interface the
// node and the checker share: encode for storage and gossip, decode, merge (correct or, with the
// bug switch, the type's broken merge) and the value in words.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "sim/protocols/crdt/g_counter.h"
#include "sim/protocols/crdt/lww_register.h"
#include "sim/protocols/crdt/or_set.h"
#include "sim/protocols/crdt/pn_counter.h"

namespace dsim::crdt {

enum class CrdtType : std::uint8_t { g_counter, pn_counter, or_set, lww_register };
// "g-counter", "pn-counter", "or-set", "lww-register": the scenario's names.
std::string_view crdt_type_name(CrdtType type);
std::optional<CrdtType> parse_crdt_type(std::string_view name);

struct ReplicaState {
  CrdtType type = CrdtType::g_counter;
  GCounter g_counter;
  PNCounter pn_counter;
  ORSet or_set;
  LWWRegister lww_register;

  // The chosen type's encoding only.
  std::string encode() const;
  static std::optional<ReplicaState> decode(CrdtType type, std::string_view text);
  // `broken`: the type's broken merge (each type's header says what it breaks).
  void merge(const ReplicaState& other, bool broken);
  // The value as a reader sees it: "17", "{apple, bread}", "c0-4", "(never written)".
  std::string value_text() const;
  bool operator==(const ReplicaState&) const = default;
};

}  // namespace dsim::crdt
