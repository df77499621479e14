// The txn protocol's parameters, read from a scenario's "params" (txn_protocol.cc validates them).
#pragma once

#include <string>

#include "sim/core/time.h"
#include "sim/protocols/txn/engine.h"
#include "sim/protocols/txn/types.h"

namespace dsim::txn {

struct TxnParams {
  Flavour flavour = Flavour::postgres;
  Level level = Level::read_committed;
  DurationUs step_interval_us = kSecond;  // virtual time between the steps of a script
  EngineOptions engine;
  std::string scenario_name;              // "txn/p4", for the commands the story suggests
};

}  // namespace dsim::txn
