// The two-phase commit checks (see invariants.h). Messages name the transaction, the stores and
// what each one's log says, so that a failed run reads as the story of what went wrong.
#include "sim/protocols/txn/two_phase_commit/invariants.h"

#include <cstdlib>

#include "sim/protocols/txn/bank/invariants.h"
#include "sim/protocols/txn/bank/view.h"
#include "sim/protocols/txn/two_phase_commit/view.h"

namespace dsim::txn::two_phase {
namespace {

using bank::BankChecker;
using bank::BankSetup;
using bank::TransferPlan;
using bank::durable_holds;
using bank::durable_value;
using bank::view::durable_key;

class AtomicCommitChecker final : public BankChecker {
 public:
  using BankChecker::BankChecker;
  void finish(const FinalState& final_state) override {
    const DurableEntries& log = final_state.durable(setup_->coordinator);
    for (const TransferPlan& transfer : setup_->workload.transfers) {
      const std::string& gid = transfer.id;
      bool logged_commit = durable_value(log, durable_key(view::kDurableDecision, gid)) == "commit";
      std::vector<NodeId> committed, aborted, voted_no;
      for (NodeId store : setup_->workload.participants(transfer)) {
        const DurableEntries& storage = final_state.durable(store);
        std::string outcome = durable_value(storage, durable_key(bank::view::kDurableOutcome, gid));
        if (outcome == "committed") committed.push_back(store);
        if (outcome == "aborted") aborted.push_back(store);
        if (durable_value(storage, durable_key(bank::view::kDurableVote, gid)) == "no") voted_no.push_back(store);
        bool in_doubt = durable_holds(storage, durable_key(bank::view::kDurablePrepared, gid)) && outcome.empty();
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

class AllResolvedChecker final : public BankChecker {
 public:
  using BankChecker::BankChecker;
  void finish(const FinalState& final_state) override {
    for (NodeId store : setup_->workload.stores()) {
      const DurableEntries& storage = final_state.durable(store);
      for (const auto& [key, value] : storage) {
        if (key.rfind(bank::view::kDurablePrepared, 0) != 0) continue;
        std::string gid = key.substr(bank::view::kDurablePrepared.size());
        if (durable_holds(storage, durable_key(bank::view::kDurableOutcome, gid))) continue;
        TimeUs since = std::strtoll(durable_value(storage, durable_key(bank::view::kDurablePreparedAt, gid), "0").c_str(), nullptr, 10);
        report(final_state.end_us(), {store},
               name_of(store) + " is still in doubt about " + gid + " at the end of the run (prepared at " + format_time_seconds(since) +
                   ", " + format_duration(final_state.end_us() - since) + " ago): it holds " + gid +
                   "'s row locks and cannot release them until its coordinator answers");
      }
    }
  }
};

}  // namespace

std::unique_ptr<Checker> make_atomic_commit_checker(std::shared_ptr<const BankSetup> setup) {
  return std::make_unique<AtomicCommitChecker>(kCheckAtomicCommit, std::move(setup));
}
std::unique_ptr<Checker> make_all_resolved_checker(std::shared_ptr<const BankSetup> setup) {
  return std::make_unique<AllResolvedChecker>(kCheckAllResolved, std::move(setup));
}

}  // namespace dsim::txn::two_phase
