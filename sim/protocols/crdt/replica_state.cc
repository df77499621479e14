// The four CRDTs behind one interface (replica_state.h).
#include "sim/protocols/crdt/replica_state.h"

namespace dsim::crdt {

std::string_view crdt_type_name(CrdtType type) {
  switch (type) {
    case CrdtType::g_counter: return "g-counter";
    case CrdtType::pn_counter: return "pn-counter";
    case CrdtType::or_set: return "or-set";
    case CrdtType::lww_register: return "lww-register";
  }
  return "g-counter";
}

std::optional<CrdtType> parse_crdt_type(std::string_view name) {
  for (CrdtType type : {CrdtType::g_counter, CrdtType::pn_counter, CrdtType::or_set, CrdtType::lww_register}) {
    if (crdt_type_name(type) == name) return type;
  }
  return std::nullopt;
}

std::string ReplicaState::encode() const {
  switch (type) {
    case CrdtType::g_counter: return g_counter.encode();
    case CrdtType::pn_counter: return pn_counter.encode();
    case CrdtType::or_set: return or_set.encode();
    case CrdtType::lww_register: return lww_register.encode();
  }
  return "";
}

std::optional<ReplicaState> ReplicaState::decode(CrdtType type, std::string_view text) {
  ReplicaState state;
  state.type = type;
  switch (type) {
    case CrdtType::g_counter:
      if (auto decoded = GCounter::decode(text)) state.g_counter = *decoded;
      else return std::nullopt;
      break;
    case CrdtType::pn_counter:
      if (auto decoded = PNCounter::decode(text)) state.pn_counter = *decoded;
      else return std::nullopt;
      break;
    case CrdtType::or_set:
      if (auto decoded = ORSet::decode(text)) state.or_set = *decoded;
      else return std::nullopt;
      break;
    case CrdtType::lww_register:
      if (auto decoded = LWWRegister::decode(text)) state.lww_register = *decoded;
      else return std::nullopt;
      break;
  }
  return state;
}

void ReplicaState::merge(const ReplicaState& other, bool broken) {
  switch (type) {
    case CrdtType::g_counter:
      broken ? g_counter.merge_summing(other.g_counter) : g_counter.merge(other.g_counter);
      break;
    case CrdtType::pn_counter:
      broken ? pn_counter.merge_forgetting_decrements(other.pn_counter) : pn_counter.merge(other.pn_counter);
      break;
    case CrdtType::or_set:
      broken ? or_set.merge_forgetting_tombstones(other.or_set) : or_set.merge(other.or_set);
      break;
    case CrdtType::lww_register:
      broken ? lww_register.merge_keeping_local(other.lww_register) : lww_register.merge(other.lww_register);
      break;
  }
}

std::string ReplicaState::value_text() const {
  switch (type) {
    case CrdtType::g_counter: return std::to_string(g_counter.value());
    case CrdtType::pn_counter: return std::to_string(pn_counter.value());
    case CrdtType::or_set: {
      std::string out = "{";
      for (const std::string& element : or_set.elements()) out += (out.size() > 1 ? ", " : "") + element;
      return out + "}";
    }
    case CrdtType::lww_register:
      return lww_register.current() ? lww_register.current()->value : std::string("(never written)");
  }
  return "";
}

}  // namespace dsim::crdt
