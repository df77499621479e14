// What a step-by-step isolation scenario can tune ("params") and its script ("workload"); the
// parsers (params_parse.cc) read through JsonReader so that a bad value names its file and path.
//
//   "params":   the store's (store_protocol/store_params.h: flavour, level, lock_wait_timeout,
//               invariants) and "step_interval": the virtual time between the script's steps;
//   "workload": the interleaving test (interleaving.h; its JSON form in interleaving_parse.h).
#pragma once

#include <memory>
#include <string>

#include "sim/core/time.h"
#include "sim/protocols/txn/engine/engine.h"
#include "sim/protocols/txn/isolation/interleaving.h"

namespace dsim {
class JsonReader;
struct Scenario;
}  // namespace dsim

namespace dsim::txn::isolation {

struct IsolationParams {
  StoreSettings store;
  DurationUs step_interval_us = kSecond;  // virtual time between the steps of a script
  std::string scenario_name;              // "txn/p4", for the commands the story suggests
};

IsolationParams parse_isolation_params(const JsonReader& params);
// The scenario's script; throws ScenarioError naming the JSON path of a mistake.
std::shared_ptr<const InterleavingTest> parse_isolation_workload(const Scenario& scenario);

}  // namespace dsim::txn::isolation
