// Maps a scenario's "protocol" to the code that validates its parameters and builds its world.
// Protocols live above this layer (sim/protocols/), so they are registered explicitly by
// register_builtin_protocols() rather than by static initialisers a linker may drop.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "sim/scenario/scenario.h"

namespace dsim {

class World;
class Checker;

class Protocol {
 public:
  virtual ~Protocol() = default;
  virtual std::string_view name() const = 0;     // "broadcast"
  virtual std::string_view summary() const = 0;  // one line for `dsim list`
  // The names a scenario may list under "checks".
  virtual std::vector<std::string> checks() const = 0;
  // The marks (STYLE.md §10) this protocol's code can hit, for validating "expect_marks".
  virtual std::vector<std::string> marks() const { return {}; }
  // Validates "params" and "workload", throwing ScenarioError with the JSON path.
  virtual void validate(const Scenario& scenario) const = 0;
  // Adds the servers (exactly scenario.nodes of them, first) and any client nodes.
  virtual void build(World& world) const = 0;
  // The checker a scenario names under "checks" (one of checks()), made for that scenario. The
  // runner asks for each one before a run, and `dsim check` before re-judging a saved trace, so a
  // checker must judge only what the run records (sim/check/checker.h).
  virtual std::unique_ptr<Checker> make_checker(std::string_view name, const Scenario& scenario) const = 0;
};

class ProtocolRegistry {
 public:
  void add(std::unique_ptr<Protocol> protocol);
  const Protocol* find(std::string_view name) const;
  std::vector<std::string> names() const;
  // A protocol name that scenarios once used and that was replaced: the loader answers a scenario
  // naming it with `replacement`, which says what to write instead, rather than "unknown protocol".
  void retire(std::string name, std::string replacement);
  const std::string* retired(std::string_view name) const;

 private:
  std::map<std::string, std::unique_ptr<Protocol>, std::less<>> protocols_;
  std::map<std::string, std::string, std::less<>> retired_;  // name -> what replaced it
};

}  // namespace dsim
