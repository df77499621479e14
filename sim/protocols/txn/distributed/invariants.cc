// The cross-database checkers (see invariants.h). Messages name the transaction, the stores and what
// each one's log says, so that a failed run reads as the story of what went wrong.
#include "sim/protocols/txn/distributed/invariants.h"

namespace dsim::txn::distributed {

namespace {

std::string value_or(const DurableStorage& storage, const std::string& key, std::string fallback) {
  const std::string* value = storage.get(key);
  return value ? *value : fallback;
}

class SetupChecker : public Checker {
 public:
  SetupChecker(std::string name, std::shared_ptr<const BankSetup> setup) : Checker(std::move(name)), setup_(std::move(setup)) {}

 protected:
  const std::string& name_of(NodeId node) const { return setup_->names.at(node); }
  std::shared_ptr<const BankSetup> setup_;
};

class AtomicCommitChecker final : public SetupChecker {
 public:
  using SetupChecker::SetupChecker;
  void finish(const Simulator& simulator) override {
    const DurableStorage& log = simulator.storage(setup_->coordinator);
    for (const TransferPlan& transfer : setup_->workload.transfers) {
      const std::string& gid = transfer.id;
      bool logged_commit = value_or(log, "decision/" + gid, "") == "commit";
      std::vector<NodeId> committed, aborted, voted_no;
      for (NodeId store : setup_->workload.participants(transfer)) {
        const DurableStorage& storage = simulator.storage(store);
        std::string outcome = value_or(storage, "outcome/" + gid, "");
        if (outcome == "committed") committed.push_back(store);
        if (outcome == "aborted") aborted.push_back(store);
        if (value_or(storage, "vote/" + gid, "") == "no") voted_no.push_back(store);
        bool in_doubt = storage.get("prepared/" + gid) && outcome.empty();
        if (logged_commit && outcome != "committed" && !in_doubt)
          report(simulator.now(), {store},
                 "the coordinator " + name_of(setup_->coordinator) + " logged COMMIT for " + gid + " but " + name_of(store) +
                     (outcome == "aborted" ? " aborted it" : " has no record of " + gid + " (no prepared state, no outcome): its part was never applied"));
      }
      if (!committed.empty() && !aborted.empty())
        report(simulator.now(), {committed.front(), aborted.front()},
               gid + " is not atomic: " + name_of(committed.front()) + " committed it and " + name_of(aborted.front()) + " aborted it");
      if (!committed.empty() && !voted_no.empty())
        report(simulator.now(), {committed.front(), voted_no.front()},
               name_of(committed.front()) + " committed " + gid + " although " + name_of(voted_no.front()) + " voted no");
      if (!committed.empty() && !logged_commit)
        report(simulator.now(), {setup_->coordinator, committed.front()},
               name_of(committed.front()) + " committed " + gid + " but the coordinator " + name_of(setup_->coordinator) +
                   "'s log holds no COMMIT for it: after a restart the coordinator presumes it aborted (and would tell the "
                   "client so)");
    }
  }
};

class AllResolvedChecker final : public SetupChecker {
 public:
  using SetupChecker::SetupChecker;
  void finish(const Simulator& simulator) override {
    for (NodeId store : setup_->workload.stores()) {
      const DurableStorage& storage = simulator.storage(store);
      for (const auto& [key, value] : storage.entries()) {
        if (key.rfind("prepared/", 0) != 0) continue;
        std::string gid = key.substr(9);
        if (storage.get("outcome/" + gid)) continue;
        TimeUs since = storage.get_int("prepared_at/" + gid).value_or(0);
        report(simulator.now(), {store},
               name_of(store) + " is still in doubt about " + gid + " at the end of the run (prepared at " + format_time_seconds(since) +
                   "s, " + format_duration(simulator.now() - since) + " ago): it holds " + gid +
                   "'s row locks and cannot release them until its coordinator answers");
      }
    }
  }
};

class MoneyConservedChecker final : public SetupChecker {
 public:
  using SetupChecker::SetupChecker;
  void finish(const Simulator& simulator) override {
    std::int64_t total = 0;
    std::string detail;
    for (const auto& [account, plan] : setup_->workload.accounts) {
      const std::string* row = simulator.storage(plan.store).get("row/" + account);
      std::int64_t balance = row ? decode_row(*row)["balance"] : 0;
      total += balance;
      detail += (detail.empty() ? "" : ", ") + account + " " + std::to_string(balance) + " at " + name_of(plan.store);
    }
    std::int64_t expected = setup_->workload.total();
    if (total != expected)
      report(simulator.now(), {},
             "the balances across the stores sum to " + std::to_string(total) + " instead of " + std::to_string(expected) +
                 ": money was " + (total > expected ? "made" : "lost") + " (" + detail + ")");
  }
};

class SagaConsistentChecker final : public SetupChecker {
 public:
  using SetupChecker::SetupChecker;
  void finish(const Simulator& simulator) override {
    for (const TransferPlan& saga : setup_->workload.transfers) {
      std::vector<Step> steps = saga.steps();
      std::string standing, missing;  // committed and not compensated / never committed
      std::size_t standing_count = 0;
      for (std::size_t i = 0; i < steps.size(); ++i) {
        NodeId store = setup_->workload.store_of(steps[i].account);
        std::string record = "saga/" + saga.id + "." + std::to_string(i + 1);
        bool done = simulator.storage(store).get(record) != nullptr;
        bool undone = simulator.storage(store).get(record + "c") != nullptr;
        std::string text = "step " + std::to_string(i + 1) + " (" + describe(steps[i]) + " at " + name_of(store) + ")";
        if (done && !undone) {
          ++standing_count;
          standing += (standing.empty() ? "" : ", ") + text;
        } else if (!done) {
          missing += (missing.empty() ? "" : ", ") + text;
        }
      }
      // All or nothing: every step stands, or none does (never run, or compensated).
      if (standing_count == 0 || standing_count == steps.size()) continue;
      report(simulator.now(), {},
             "saga " + saga.id + " ended half done: " + standing + " committed and was never compensated" +
                 (missing.empty() ? std::string() : ", while " + missing + " never committed"));
    }
  }
};

}  // namespace

std::unique_ptr<Checker> make_atomic_commit_checker(std::shared_ptr<const BankSetup> setup) {
  return std::make_unique<AtomicCommitChecker>("atomic_commit", std::move(setup));
}
std::unique_ptr<Checker> make_all_resolved_checker(std::shared_ptr<const BankSetup> setup) {
  return std::make_unique<AllResolvedChecker>("all_resolved", std::move(setup));
}
std::unique_ptr<Checker> make_money_conserved_checker(std::shared_ptr<const BankSetup> setup) {
  return std::make_unique<MoneyConservedChecker>("money_conserved", std::move(setup));
}
std::unique_ptr<Checker> make_saga_consistent_checker(std::shared_ptr<const BankSetup> setup) {
  return std::make_unique<SagaConsistentChecker>("saga_consistent_at_end", std::move(setup));
}

}  // namespace dsim::txn::distributed
