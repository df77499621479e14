// Paxos's checkers (invariants.h). Each reports the rule it judges, and the evidence: the slot,
// the ballots, the values, the acceptors and when.
#include "sim/protocols/paxos/invariants.h"

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

#include <nlohmann/json.hpp>

#include "sim/check/linearizable.h"
#include "sim/check/state_machine_safety.h"
#include "sim/protocols/paxos/published_paxos.h"
#include "sim/protocols/paxos/quorum.h"
#include "sim/protocols/paxos/value.h"
#include "sim/protocols/paxos/view.h"

namespace dsim::paxos {
namespace {

std::string quote(const std::string& text) { return "\"" + text + "\""; }

// The base of the checks that follow acceptances: the acceptors' names for messages.
class PaxosChecker : public Checker {
 public:
  PaxosChecker(std::string_view name, const PaxosParams& params)
      : Checker(std::string(name)), params_(params), choices_(params.acceptors) {}

 protected:
  std::string names(const std::vector<NodeId>& nodes) const {
    std::vector<std::string> named;
    for (NodeId node : nodes) named.push_back(node_name(node));
    return list_names(named);
  }
  std::string describe_choice(const ChoiceTracker::Choice& choice) const {
    return quote(choice.value) + " in ballot " + choice.ballot.text() + " (accepted by " + names(choice.acceptors) +
           ", a majority, by " + format_time_seconds(choice.time_us) + ")";
  }

  const PaxosParams params_;
  PublishedPaxos published_;
  ChoiceTracker choices_;
};

// ------------------------------------------------------------------------------------------------
// agreement

class AgreementChecker final : public PaxosChecker {
 public:
  explicit AgreementChecker(const PaxosParams& params) : PaxosChecker(kCheckAgreement, params) {}

  void on_state(TimeUs time, NodeId node, std::string_view key, std::string_view value_json) override {
    PaxosStateEvent event = published_.read(time, node, key, value_json);
    if (event.acceptance) {
      if (auto choice = choices_.record(*event.acceptance)) check_single_value(*choice);
    }
    if (event.learned) check_learned(time, node, event.learned->first, event.learned->second);
  }

 private:
  // Only a single value is chosen: a new choice in a slot must repeat the value chosen before.
  void check_single_value(const ChoiceTracker::Choice& choice) {
    const std::vector<ChoiceTracker::Choice>& all = choices_.choices(choice.slot);
    const ChoiceTracker::Choice& first = all.front();
    if (first.value == choice.value) return;
    std::vector<NodeId> involved = first.acceptors;
    involved.insert(involved.end(), choice.acceptors.begin(), choice.acceptors.end());
    std::sort(involved.begin(), involved.end());
    involved.erase(std::unique(involved.begin(), involved.end()), involved.end());
    report(choice.time_us, involved,
           "slot " + std::to_string(choice.slot) + ": two values chosen: " + describe_choice(first) + ", then " +
               describe_choice(choice) + " (rule: only a single value is chosen, Paxos Made Simple §2.1)");
  }

  // A process never learns that a value has been chosen unless it actually has been.
  void check_learned(TimeUs time, NodeId learner, Slot slot, const std::string& value) {
    if (!checked_.insert({learner, slot, value}).second) return;  // republished after a restart
    for (const ChoiceTracker::Choice& choice : choices_.choices(slot)) {
      if (choice.value == value) return;
    }
    auto [support, ballot] = choices_.best_support(slot, value);
    std::string evidence =
        support.empty() ? "no acceptor had accepted it"
                        : "the most acceptors that had accepted it under one ballot were " + names(support) + " (" +
                              std::to_string(support.size()) + " of " + std::to_string(choices_.acceptors().size()) +
                              ", ballot " + ballot.text() + "; a majority is " + std::to_string(choices_.quorum()) + ")";
    std::vector<NodeId> involved = support;
    involved.push_back(learner);
    std::sort(involved.begin(), involved.end());
    involved.erase(std::unique(involved.begin(), involved.end()), involved.end());
    report(time, involved,
           node_name(learner) + " learned " + quote(value) + " in slot " + std::to_string(slot) + " at " +
               format_time_seconds(time) + ", but it had not been chosen: " + evidence +
               " (rule: a process never learns that a value has been chosen unless it actually has been, "
               "Paxos Made Simple §2.1)");
  }

  std::set<std::tuple<NodeId, Slot, std::string>> checked_;
};

// ------------------------------------------------------------------------------------------------
// validity

class ValidityChecker final : public PaxosChecker {
 public:
  explicit ValidityChecker(const PaxosParams& params) : PaxosChecker(kCheckValidity, params) {
    if (params.mode == Mode::multi) proposed_.insert(Value::noop().describe());
  }

  void on_history(const HistoryEvent& event) override {
    if (event.kind != HistoryEvent::Kind::invoke) return;
    kvservice::Command command;
    command.op = event.op;
    command.key = event.key;
    command.value = event.value;
    command.expected = event.expected;
    command.client = event.process;
    command.sequence = event.request_id;
    proposed_.insert(Value::of_command(command, node_name(event.process)).describe());
  }

  void on_state(TimeUs time, NodeId node, std::string_view key, std::string_view value_json) override {
    if (key == view::kInput.name && !value_json.empty()) {
      nlohmann::json parsed = nlohmann::json::parse(value_json, nullptr, false);
      if (parsed.is_string()) proposed_.insert(parsed.get<std::string>());
      return;
    }
    PaxosStateEvent event = published_.read(time, node, key, value_json);
    if (!event.acceptance) return;
    std::optional<ChoiceTracker::Choice> choice = choices_.record(*event.acceptance);
    if (!choice || proposed_.count(choice->value)) return;
    report(choice->time_us, choice->acceptors,
           "slot " + std::to_string(choice->slot) + ": " + describe_choice(*choice) +
               " was chosen, but no proposer was given it and no client asked for it (rule: only a value that has "
               "been proposed may be chosen, Paxos Made Simple §2.1)");
  }

 private:
  std::set<std::string> proposed_;  // every value some proposer was given or some client invoked
};

// ------------------------------------------------------------------------------------------------
// p2c

class P2cChecker final : public PaxosChecker {
 public:
  explicit P2cChecker(const PaxosParams& params) : PaxosChecker(kCheckP2c, params) {}

  void on_state(TimeUs time, NodeId node, std::string_view key, std::string_view value_json) override {
    PaxosStateEvent event = published_.read(time, node, key, value_json);
    if (!event.acceptance || !choices_.is_acceptor(node)) return;
    const PublishedAcceptance& acceptance = *event.acceptance;
    history_[acceptance.slot][node].push_back({acceptance.ballot, acceptance.value});
    issued_[acceptance.slot].emplace(std::pair{acceptance.ballot, acceptance.value}, acceptance);  // keeps the first
  }

  // P2c is about what acceptors "have accepted or will accept", so it is judged on the whole run.
  void finish(const FinalState&) override {
    for (const auto& [slot, issued] : issued_) {
      for (const auto& [proposal, first] : issued) check(slot, proposal.first, proposal.second, first);
    }
  }

 private:
  struct Proposal {
    Ballot ballot;
    std::string value;
  };

  void check(Slot slot, Ballot ballot, const std::string& value, const PublishedAcceptance& first) {
    // Each acceptor's highest-numbered proposal below `ballot` in this slot, ever.
    std::vector<std::pair<NodeId, std::optional<Proposal>>> highest;
    for (NodeId acceptor : choices_.acceptors()) {
      std::optional<Proposal> best;
      auto acceptances = history_[slot].find(acceptor);
      if (acceptances != history_[slot].end()) {
        for (const Proposal& accepted : acceptances->second) {
          if (accepted.ballot < ballot && (!best || accepted.ballot > best->ballot)) best = accepted;
        }
      }
      highest.emplace_back(acceptor, best);
    }
    // A majority S passes (a) when all of S accepted nothing below `ballot`, or (b) when the highest
    // among S has `value`: that S exists iff enough acceptors sit at or below some proposal with
    // `value`, or enough accepted nothing. `allowed` gathers every value some majority allows.
    std::size_t none = 0;
    for (const auto& [acceptor, best] : highest) none += best ? 0 : 1;
    bool any_value = none >= choices_.quorum();
    std::set<std::string> allowed;
    for (const auto& [acceptor, candidate] : highest) {
      if (!candidate) continue;
      std::size_t at_or_below = 0;
      for (const auto& [other, best] : highest) at_or_below += !best || best->ballot <= candidate->ballot ? 1 : 0;
      if (at_or_below >= choices_.quorum()) allowed.insert(candidate->value);
    }
    if (any_value || allowed.count(value)) return;
    std::string below;
    for (const auto& [acceptor, best] : highest) {
      below += (below.empty() ? "" : ", ") + node_name(acceptor) + " " +
               (best ? best->ballot.text() + " " + quote(best->value) : std::string("nothing"));
    }
    std::string permitted;
    for (const std::string& text : allowed) permitted += (permitted.empty() ? "" : " or ") + quote(text);
    report(first.time_us, {first.acceptor},
           "slot " + std::to_string(slot) + ": ballot " + ballot.text() + " proposed " + quote(value) +
               " (accepted first by " + node_name(first.acceptor) + " at " + format_time_seconds(first.time_us) +
               "), but P2c allows only " + permitted + ": below ballot " + ballot.text() +
               " the acceptors' highest proposals were " + below + ", so every majority holds one whose value is not " +
               quote(value) + " (rule: P2c, Paxos Made Simple §2.2)");
  }

  // slot -> acceptor -> every proposal it accepted there, in order.
  std::map<Slot, std::map<NodeId, std::vector<Proposal>>> history_;
  // slot -> (ballot, value) -> its first acceptance.
  std::map<Slot, std::map<std::pair<Ballot, std::string>, PublishedAcceptance>> issued_;
};

// ------------------------------------------------------------------------------------------------
// promises_kept

class PromisesKeptChecker final : public PaxosChecker {
 public:
  explicit PromisesKeptChecker(const PaxosParams& params) : PaxosChecker(kCheckPromisesKept, params) {}

  void on_state(TimeUs time, NodeId node, std::string_view key, std::string_view value_json) override {
    PaxosStateEvent event = published_.read(time, node, key, value_json);
    if (event.promise) check_promise(*event.promise);
    if (event.acceptance) check_acceptance(*event.acceptance);
  }

 private:
  struct Promised {
    Ballot ballot;
    TimeUs time_us = 0;
  };

  void check_promise(const PublishedPromise& promise) {
    Promised& highest = highest_[promise.acceptor];
    if (promise.ballot >= highest.ballot) {
      if (promise.ballot > highest.ballot) highest = Promised{promise.ballot, promise.time_us};
      return;
    }
    report(promise.time_us, {promise.acceptor},
           node_name(promise.acceptor) + "'s promise went back from ballot " + highest.ballot.text() + " (promised at " +
               format_time_seconds(highest.time_us) + ") to " + promise.ballot.text() + " at " +
               format_time_seconds(promise.time_us) +
               " (rule: an acceptor remembers its promise even if it fails and restarts, Paxos Made Simple §2.2)");
  }

  // P1a: an acceptor can accept a proposal numbered n iff it has not responded to a prepare
  // request having a number greater than n.
  void check_acceptance(const PublishedAcceptance& acceptance) {
    auto found = highest_.find(acceptance.acceptor);
    if (found != highest_.end() && acceptance.ballot < found->second.ballot) {
      report(acceptance.time_us, {acceptance.acceptor},
             node_name(acceptance.acceptor) + " accepted ballot " + acceptance.ballot.text() + " (" +
                 quote(acceptance.value) + ") in slot " + std::to_string(acceptance.slot) + " at " +
                 format_time_seconds(acceptance.time_us) + " after promising ballot " + found->second.ballot.text() +
                 " at " + format_time_seconds(found->second.time_us) +
                 " (rule: P1a, an acceptor accepts a proposal numbered n only if it has not promised a higher "
                 "number, Paxos Made Simple §2.2)");
    }
    // Accepting n is a promise of n too (the acceptor will refuse anything lower from now on).
    Promised& highest = highest_[acceptance.acceptor];
    if (acceptance.ballot > highest.ballot) highest = Promised{acceptance.ballot, acceptance.time_us};
  }

  std::map<NodeId, Promised> highest_;  // each acceptor's highest promise shown so far
};

// ------------------------------------------------------------------------------------------------
// progress

class ProgressChecker final : public PaxosChecker {
 public:
  explicit ProgressChecker(const PaxosParams& params) : PaxosChecker(kCheckProgress, params) {}

  void on_state(TimeUs time, NodeId node, std::string_view key, std::string_view value_json) override {
    if (key == view::kBallot.name && !value_json.empty()) {
      nlohmann::json parsed = nlohmann::json::parse(value_json, nullptr, false);
      if (parsed.is_string()) {
        if (auto ballot = parse_ballot(parsed.get<std::string>()); ballot && !ballot->is_zero()) ballots_.insert(*ballot);
      }
    }
    if (view::kLearned.holds(key)) {
      if (value_json.empty()) {
        learned_.erase(node);  // a crash: the restart republishes it
      } else {
        learned_[node] = std::string(value_json);
      }
    }
    PaxosStateEvent event = published_.read(time, node, key, value_json);
    if (event.acceptance) choices_.record(*event.acceptance);
  }

  void finish(const FinalState& final_state) override {
    const std::vector<ChoiceTracker::Choice>& choices = choices_.choices(1);
    if (choices.empty()) {
      std::string tried;
      std::size_t listed = 0;
      for (const Ballot& ballot : ballots_) {
        if (listed++ == 8) {
          tried += ", ...";
          break;
        }
        tried += (tried.empty() ? "" : ", ") + ballot.text();
      }
      report(final_state.end_us(), {},
             "no value was chosen by " + format_time_seconds(final_state.end_us()) + ": " +
                 std::to_string(ballots_.size()) + " ballot(s) were tried (" + tried +
                 "), none accepted by a majority (rule: progress, a proposed value is eventually chosen, Paxos "
                 "Made Simple §2.4)");
      return;
    }
    for (NodeId learner : params_.learners) {
      if (!final_state.alive(learner) || learned_.count(learner)) continue;
      report(final_state.end_us(), {learner},
             node_name(learner) + " is up but never learned the chosen value " + quote(choices.front().value) +
                 " (rule: progress, every learner eventually learns the chosen value, Paxos Made Simple §2.1)");
    }
  }

 private:
  std::set<Ballot> ballots_;               // every ballot a proposer showed, in ballot order
  std::map<NodeId, std::string> learned_;  // each learner's decision in slot 1, as shown now
};

}  // namespace

std::vector<std::string> check_names() {
  std::vector<std::string> names = {std::string(kCheckAgreement),    std::string(kCheckLinearizable),
                                    std::string(kCheckP2c),          std::string(kCheckProgress),
                                    std::string(kCheckPromisesKept), std::string(kCheckStateMachineSafety),
                                    std::string(kCheckValidity)};
  std::sort(names.begin(), names.end());
  return names;
}

bool check_needs_multi(std::string_view name) {
  return name == kCheckLinearizable || name == kCheckStateMachineSafety;
}

bool check_needs_single(std::string_view name) { return name == kCheckProgress; }

std::unique_ptr<Checker> make_paxos_checker(std::string_view name, const PaxosParams& params,
                                            const kvservice::KvWorkload& workload) {
  if (name == kCheckAgreement) return std::make_unique<AgreementChecker>(params);
  if (name == kCheckValidity) return std::make_unique<ValidityChecker>(params);
  if (name == kCheckP2c) return std::make_unique<P2cChecker>(params);
  if (name == kCheckPromisesKept) return std::make_unique<PromisesKeptChecker>(params);
  if (name == kCheckProgress) return std::make_unique<ProgressChecker>(params);
  if (name == kCheckStateMachineSafety) return std::make_unique<StateMachineSafetyChecker>();
  if (name == kCheckLinearizable) {
    if (workload.linearizable_budget) {
      return std::make_unique<LinearizableChecker>(static_cast<std::uint64_t>(*workload.linearizable_budget));
    }
    return std::make_unique<LinearizableChecker>();
  }
  return nullptr;
}

}  // namespace dsim::paxos
