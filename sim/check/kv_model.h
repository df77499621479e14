// The sequential specification of one key of a key-value store, for the linearizability search:
// a register holding a string (absent reads as ""), with get, put, append and compare-and-set.
// An operation is one client call with its real-time interval; a pending one ("info": timed out,
// outcome unknown) may have taken effect at any time after its call, or never.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "sim/core/ids.h"
#include "sim/core/time.h"

namespace dsim {

struct Operation {
  NodeId process = kNoNode;
  std::uint64_t request_id = 0;
  std::string op;       // "get", "put", "append", "cas"
  std::string key;
  std::string input;    // put/append: the value; cas: "expected|new"
  std::string output;   // get: the value read
  TimeUs call_us = 0;
  TimeUs return_us = kTimeNever;  // kTimeNever while pending
  bool pending = false;           // no definite answer: it may or may not have happened
};

struct KvModel {
  using State = std::string;
  static State initial() { return {}; }

  // The state after `operation` runs on `state`, or nullopt when the operation could not have
  // returned what it did from that state (a get that read something else, a cas that succeeded
  // although the value differed).
  static std::optional<State> step(const State& state, const Operation& operation) {
    if (operation.op == "get") {
      if (operation.pending || operation.output == state) return state;
      return std::nullopt;
    }
    if (operation.op == "put") return operation.input;
    if (operation.op == "append") return state + operation.input;
    if (operation.op == "cas") {
      std::size_t bar = operation.input.find('|');
      std::string expected = operation.input.substr(0, bar);
      std::string replacement = bar == std::string::npos ? std::string() : operation.input.substr(bar + 1);
      if (state != expected) return std::nullopt;  // a cas recorded ok matched; one that did not is a "fail"
      return replacement;
    }
    return state;  // an operation the model does not know changes nothing
  }
};

}  // namespace dsim
