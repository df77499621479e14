// What the two cross-database plugins, "txn-2pc" (two_phase_commit/) and "txn-saga" (saga/),
// share: both build the same world (server 0 coordinates or orchestrates, servers 1.. are the
// stores, an optional reader client looks across them), read the same params and workload
// (bank.h), and offer money_conserved (invariants.h). Each derives from BankProtocol and says what
// differs: its server 0, its checks, its bug switches and the prefixes of its ids and metrics.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "sim/check/checker.h"
#include "sim/core/node.h"
#include "sim/protocols/txn/bank/setup.h"
#include "sim/scenario/registry.h"

namespace dsim::txn::bank {

class BankProtocol : public Protocol {
 public:
  void validate(const Scenario& scenario) const override;
  void build(World& world) const override;
  std::unique_ptr<Checker> make_checker(std::string_view name, const Scenario& scenario) const override;

 protected:
  // Server 0: the 2PC coordinator or the saga orchestrator.
  virtual std::unique_ptr<Node> make_leader(std::shared_ptr<const BankSetup> setup) const = 0;
  // The protocol's own checks (money_conserved is handled here); nullptr for an unknown name.
  virtual std::unique_ptr<Checker> make_own_checker(std::string_view name, std::shared_ptr<const BankSetup> setup) const = 0;
  // The bug switches "params.bugs" may name.
  virtual std::vector<std::string> bugs() const = 0;
  // Names the transfers: "T" (T1, T2) or "S" (S1).
  virtual const char* id_prefix() const = 0;
  // Prefixes the reader's metrics and marks: "2pc", "saga".
  virtual std::string metric_prefix() const = 0;

 private:
  BankSetup read_setup(const Scenario& scenario) const;
};

}  // namespace dsim::txn::bank
