// A test-only stand-in for a registered protocol: it validates and judges exactly as the built-in
// one does, but builds its nodes with a mutant switched on, so that a library scenario can be run
// against a protocol broken on purpose (to prove its checkers fail when they should).
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "sim/runner/builtin_registry.h"
#include "sim/runner/world.h"
#include "sim/scenario/registry.h"

namespace dsim::testing {

class MutantProtocol final : public Protocol {
 public:
  MutantProtocol(std::string name, std::function<void(World&)> build) : name_(std::move(name)), build_(std::move(build)) {}
  std::string_view name() const override { return name_; }
  std::string_view summary() const override { return real().summary(); }
  std::vector<std::string> checks() const override { return real().checks(); }
  std::vector<std::string> marks() const override { return real().marks(); }
  void validate(const Scenario& scenario) const override { real().validate(scenario); }
  void build(World& world) const override { build_(world); }
  std::unique_ptr<Checker> make_checker(std::string_view name, const Scenario& scenario) const override {
    return real().make_checker(name, scenario);
  }

 private:
  const Protocol& real() const { return *dsim::builtin_registry().find(name_); }
  std::string name_;
  std::function<void(World&)> build_;
};

// A registry holding only the mutant.
inline ProtocolRegistry mutant_registry(std::string name, std::function<void(World&)> build) {
  ProtocolRegistry registry;
  registry.add(std::make_unique<MutantProtocol>(std::move(name), std::move(build)));
  return registry;
}

}  // namespace dsim::testing
