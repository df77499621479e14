// The sequential specification of one key of a key-value store, for the linearizability search:
// a register holding a string (absent reads as ""), with get, put, append and compare-and-set.
// An operation is one client call with its real-time interval and its fields kept apart (a cas's
// expected and new values are two strings, never one packed text); a pending one ("info": timed
// out, outcome unknown) may have taken effect at any time after its call, or never.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "sim/core/ids.h"
#include "sim/core/time.h"

namespace dsim {

enum class KvOp : std::uint8_t { get, put, append, cas };

// "get", "put", "append", "cas"; nullopt for any other name (such as "broadcast").
std::optional<KvOp> kv_op_from_name(std::string_view name);
const char* kv_op_name(KvOp op);

struct Operation {
  NodeId process = kNoNode;
  std::uint64_t request_id = 0;
  KvOp op = KvOp::get;
  std::string key;
  std::string value;     // put/append: the argument; cas: the new value
  std::string expected;  // cas: the value the key must hold for it to succeed
  std::string output;    // get: the value read
  TimeUs call_us = 0;
  TimeUs return_us = kTimeNever;  // kTimeNever while pending
  bool pending = false;           // no definite answer: it may or may not have happened

  bool is_write() const { return op != KvOp::get; }
};

struct KvModel {
  using State = std::string;
  static State initial() { return {}; }

  // The state after `operation` runs on `state`, or nullopt when the operation could not have
  // returned what it did from that state (a get that read something else, a cas that succeeded
  // although the value differed: a cas recorded ok matched; one that did not was a "fail").
  static std::optional<State> step(const State& state, const Operation& operation) {
    switch (operation.op) {
      case KvOp::get:
        if (operation.pending || operation.output == state) return state;
        return std::nullopt;
      case KvOp::put: return operation.value;
      case KvOp::append: return state + operation.value;
      case KvOp::cas:
        if (state != operation.expected) return std::nullopt;
        return operation.value;
    }
    return state;
  }
};

inline std::optional<KvOp> kv_op_from_name(std::string_view name) {
  if (name == "get") return KvOp::get;
  if (name == "put") return KvOp::put;
  if (name == "append") return KvOp::append;
  if (name == "cas") return KvOp::cas;
  return std::nullopt;
}

inline const char* kv_op_name(KvOp op) {
  switch (op) {
    case KvOp::get: return "get";
    case KvOp::put: return "put";
    case KvOp::append: return "append";
    case KvOp::cas: return "cas";
  }
  return "get";
}

}  // namespace dsim
