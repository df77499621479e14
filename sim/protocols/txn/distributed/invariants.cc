// The cross-database checkers (see invariants.h). Messages name the transaction, the stores and what
// each one's log says, so that a failed run reads as the story of what went wrong.
#include "sim/protocols/txn/distributed/invariants.h"

#include <cstdlib>

namespace dsim::txn::distributed {

namespace {

std::string value_or(const DurableEntries& storage, const std::string& key, std::string fallback) {
  auto found = storage.find(key);
  return found != storage.end() ? found->second : fallback;
}

bool holds(const DurableEntries& storage, const std::string& key) { return storage.find(key) != storage.end(); }

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
  void finish(const FinalState& final_state) override {
    const DurableEntries& log = final_state.durable(setup_->coordinator);
    for (const TransferPlan& transfer : setup_->workload.transfers) {
      const std::string& gid = transfer.id;
      bool logged_commit = value_or(log, "decision/" + gid, "") == "commit";
      std::vector<NodeId> committed, aborted, voted_no;
      for (NodeId store : setup_->workload.participants(transfer)) {
        const DurableEntries& storage = final_state.durable(store);
        std::string outcome = value_or(storage, "outcome/" + gid, "");
        if (outcome == "committed") committed.push_back(store);
        if (outcome == "aborted") aborted.push_back(store);
        if (value_or(storage, "vote/" + gid, "") == "no") voted_no.push_back(store);
        bool in_doubt = holds(storage, "prepared/" + gid) && outcome.empty();
        if (logged_commit && outcome != "committed" && !in_doubt)
          report(final_state.end_us(), {store},
                 "the coordinator " + name_of(setup_->coordinator) + " logged COMMIT for " + gid + " but " + name_of(store) +
                     (outcome == "aborted" ? " aborted it" : " has no record of " + gid + " (no prepared state, no outcome): its part was never applied"));
      }
      if (!committed.empty() && !aborted.empty())
        report(final_state.end_us(), {committed.front(), aborted.front()},
               gid + " is not atomic: " + name_of(committed.front()) + " committed it and " + name_of(aborted.front()) + " aborted it");
      if (!committed.empty() && !voted_no.empty())
        report(final_state.end_us(), {committed.front(), voted_no.front()},
               name_of(committed.front()) + " committed " + gid + " although " + name_of(voted_no.front()) + " voted no");
      if (!committed.empty() && !logged_commit)
        report(final_state.end_us(), {setup_->coordinator, committed.front()},
               name_of(committed.front()) + " committed " + gid + " but the coordinator " + name_of(setup_->coordinator) +
                   "'s log holds no COMMIT for it: after a restart the coordinator presumes it aborted (and would tell the "
                   "client so)");
    }
  }
};

class AllResolvedChecker final : public SetupChecker {
 public:
  using SetupChecker::SetupChecker;
  void finish(const FinalState& final_state) override {
    for (NodeId store : setup_->workload.stores()) {
      const DurableEntries& storage = final_state.durable(store);
      for (const auto& [key, value] : storage) {
        if (key.rfind("prepared/", 0) != 0) continue;
        std::string gid = key.substr(9);
        if (holds(storage, "outcome/" + gid)) continue;
        TimeUs since = std::strtoll(value_or(storage, "prepared_at/" + gid, "0").c_str(), nullptr, 10);
        report(final_state.end_us(), {store},
               name_of(store) + " is still in doubt about " + gid + " at the end of the run (prepared at " + format_time_seconds(since) +
                   "s, " + format_duration(final_state.end_us() - since) + " ago): it holds " + gid +
                   "'s row locks and cannot release them until its coordinator answers");
      }
    }
  }
};

class MoneyConservedChecker final : public SetupChecker {
 public:
  using SetupChecker::SetupChecker;
  void finish(const FinalState& final_state) override {
    std::int64_t total = 0;
    std::string detail;
    for (const auto& [account, plan] : setup_->workload.accounts) {
      const DurableEntries& storage = final_state.durable(plan.store);
      auto row = storage.find("row/" + account);
      std::int64_t balance = row != storage.end() ? decode_row(row->second)["balance"] : 0;
      total += balance;
      detail += (detail.empty() ? "" : ", ") + account + " " + std::to_string(balance) + " at " + name_of(plan.store);
    }
    std::int64_t expected = setup_->workload.total();
    if (total != expected)
      report(final_state.end_us(), {},
             "the balances across the stores sum to " + std::to_string(total) + " instead of " + std::to_string(expected) +
                 ": money was " + (total > expected ? "made" : "lost") + " (" + detail + ")");
  }
};

class SagaConsistentChecker final : public SetupChecker {
 public:
  using SetupChecker::SetupChecker;
  void finish(const FinalState& final_state) override {
    for (const TransferPlan& saga : setup_->workload.transfers) {
      std::vector<Step> steps = saga.steps();
      std::string standing, missing;  // committed and not compensated / never committed
      std::size_t standing_count = 0;
      for (std::size_t i = 0; i < steps.size(); ++i) {
        NodeId store = setup_->workload.store_of(steps[i].account);
        std::string record = "saga/" + saga.id + "." + std::to_string(i + 1);
        bool done = holds(final_state.durable(store), record);
        bool undone = holds(final_state.durable(store), record + "c");
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
      report(final_state.end_us(), {},
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
