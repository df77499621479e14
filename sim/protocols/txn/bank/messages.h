// Messages of the cross-database transactions. Two-phase commit (Gray 1978; Bernstein, Hadzilacos
// & Goodman, "Concurrency Control and Recovery in Database Systems", ch. 7): Prepare -> Vote,
// Decision -> DecisionAck, and the participant's OutcomeQuery (the termination protocol), answered
// with a Decision. The saga (Garcia-Molina & Salem 1987): StepRequest -> StepReply, each step a
// local transaction. Any client: ReadRequest -> ReadReply.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "sim/core/message.h"
#include "sim/protocols/txn/bank/bank.h"

namespace dsim::txn::bank {

namespace detail {
inline std::vector<std::string> step_texts(const std::vector<Step>& steps) {
  std::vector<std::string> out;
  for (const Step& step : steps) out.push_back(describe(step));
  return out;
}
}  // namespace detail

// Coordinator -> participant: run your branch of `gid` and vote.
struct Prepare : MessageOf<Prepare> {
  std::string gid;          // the global transaction, "T1"
  std::vector<Step> steps;  // this participant's part
  std::string_view type() const override { return "Prepare"; }
  void describe(FieldWriter& out) const override {
    out.field("gid", gid);
    out.field("steps", detail::step_texts(steps));
  }
};

struct Vote : MessageOf<Vote> {
  std::string gid;
  bool yes = false;
  std::string reason;  // a no vote: why
  std::string_view type() const override { return "Vote"; }
  void describe(FieldWriter& out) const override {
    out.field("gid", gid);
    out.field("vote", yes ? "yes" : "no");
    if (!reason.empty()) out.field("reason", reason);
  }
};

// Coordinator -> participant: the outcome (also the answer to an OutcomeQuery).
struct Decision : MessageOf<Decision> {
  std::string gid;
  bool commit = false;
  std::string_view type() const override { return "Decision"; }
  void describe(FieldWriter& out) const override {
    out.field("gid", gid);
    out.field("decision", commit ? "commit" : "abort");
  }
};

struct DecisionAck : MessageOf<DecisionAck> {
  std::string gid;
  std::string_view type() const override { return "DecisionAck"; }
  void describe(FieldWriter& out) const override { out.field("gid", gid); }
};

// Participant -> coordinator: "I am in doubt about `gid`: what did you decide?"
struct OutcomeQuery : MessageOf<OutcomeQuery> {
  std::string gid;
  std::string_view type() const override { return "OutcomeQuery"; }
  void describe(FieldWriter& out) const override { out.field("gid", gid); }
};

// Saga orchestrator -> store: run one step (or the compensation of one) as a local transaction.
struct StepRequest : MessageOf<StepRequest> {
  std::string saga;           // "S1"
  std::uint32_t step = 0;     // from 1
  bool compensation = false;  // undo step `step`
  Step change;
  std::string_view type() const override { return "StepRequest"; }
  void describe(FieldWriter& out) const override {
    out.field("saga", saga);
    out.field("step", step);
    out.field("compensation", compensation);
    out.field("change", bank::describe(change));
  }
};

struct StepReply : MessageOf<StepReply> {
  std::string saga;
  std::uint32_t step = 0;
  bool compensation = false;
  bool ok = false;
  std::string reason;
  std::string_view type() const override { return "StepReply"; }
  void describe(FieldWriter& out) const override {
    out.field("saga", saga);
    out.field("step", step);
    out.field("compensation", compensation);
    out.field("ok", ok);
    if (!reason.empty()) out.field("reason", reason);
  }
};

struct ReadRequest : MessageOf<ReadRequest> {
  std::uint32_t read = 0;  // the reader's read number, from 1
  std::vector<std::string> accounts;
  bool for_share = false;
  std::string_view type() const override { return "ReadRequest"; }
  void describe(FieldWriter& out) const override {
    out.field("read", read);
    out.field("accounts", accounts);
    out.field("for_share", for_share);
  }
};

struct ReadReply : MessageOf<ReadReply> {
  std::uint32_t read = 0;
  std::map<std::string, std::int64_t> balances;  // account -> committed balance it read
  DurationUs waited_us = 0;                      // time spent waiting for a lock
  std::string_view type() const override { return "ReadReply"; }
  void describe(FieldWriter& out) const override {
    out.field("read", read);
    for (const auto& [account, balance] : balances) out.field(account, balance);
    out.field("waited_us", waited_us);
  }
};

}  // namespace dsim::txn::bank
