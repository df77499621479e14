// The key-value operations themselves (given): what one command does to the map, with no
// sessions. Lab 4 is about WHEN a command runs (once, in log order, after it commits) and what a
// client is told; this is only the WHAT. The operations are dsim's key-value service's (Raft §8).
#pragma once

#include <map>
#include <string>

#include "labs/04-kv-raft/lab/messages.h"

namespace dsim::lab04 {

using KeyValueMap = std::map<std::string, std::string>;

// Runs `command` against `data`: put sets the key, append adds to its end, cas sets it only when
// it holds `expected` (result.ok says whether it did), get reads it ("" when absent); a noop does
// nothing. The result is what the client is told.
inline CommandResult execute_operation(KeyValueMap& data, const Command& command) {
  CommandResult result;
  if (command.op == "put") {
    data[command.key] = command.value;
  } else if (command.op == "append") {
    data[command.key] += command.value;
  } else if (command.op == "cas") {
    auto found = data.find(command.key);
    std::string current = found == data.end() ? std::string() : found->second;
    result.ok = current == command.expected;
    if (result.ok) data[command.key] = command.value;
  } else if (command.op == "get") {
    auto found = data.find(command.key);
    if (found != data.end()) result.value = found->second;
  }
  return result;
}

}  // namespace dsim::lab04
