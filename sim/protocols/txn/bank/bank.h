// The world of the cross-database transactions: accounts spread over several store nodes (shards),
// transfers between them, a reader that looks across stores, and the knobs of two-phase commit
// and the saga. Pure data plus the SQL each step runs, shared by the "txn-2pc" and "txn-saga"
// protocols (two_phase_commit/, saga/) and their checkers; bank_parse.cc reads it from a scenario.
//
// A transfer is two steps: debit `from`, credit `to`. A step is guarded so that the balance stays
// within the account's [min, max] (no overdraft, a capped account); the guard failing is how a
// branch votes no (2PC) or a saga step fails.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "sim/core/ids.h"
#include "sim/core/time.h"
#include "sim/protocols/txn/engine/statement.h"
#include "sim/protocols/txn/engine/types.h"

namespace dsim {
class JsonReader;
}

namespace dsim::txn::bank {

inline constexpr const char* kAccountsTable = "accounts";

struct Account {
  std::string key;                  // "alice"
  NodeId store = 1;                 // the store server that holds it
  std::int64_t balance = 0;         // initial balance
  std::int64_t min = 0;             // a step may not take the balance below this (no overdraft)
  std::optional<std::int64_t> max;  // nor above this (a capped account); none: no cap
};

// One change of one account's balance: a branch of a 2PC transaction, or a saga step.
struct Step {
  std::string account;
  std::int64_t add = 0;
};

struct TransferPlan {
  std::string id;  // "T1" (2PC) or "S1" (saga)
  TimeUs at_us = 0;
  std::string from;
  std::string to;
  std::int64_t amount = 0;
  // Debit first, then credit: the order a saga runs them in.
  std::vector<Step> steps() const { return {Step{from, -amount}, Step{to, amount}}; }
};

// A reader's look at balances across stores, one read per store, each its own local transaction.
struct ReadPlan {
  TimeUs at_us = 0;
  std::vector<std::string> accounts;  // empty in the file: every account
  bool for_share = false;             // SELECT ... FOR SHARE: waits for row locks (an auditor)
};

struct BankWorkload {
  std::map<std::string, Account> accounts;
  std::vector<TransferPlan> transfers;
  std::string reader_name = "reader";
  std::vector<ReadPlan> reads;

  std::int64_t total() const;                         // the money in the system
  std::set<NodeId> stores() const;                    // every store holding an account
  std::vector<std::string> accounts_on(NodeId store) const;
  NodeId store_of(const std::string& account) const;
  // The stores a transfer touches, ascending: the participants of its 2PC transaction.
  std::vector<NodeId> participants(const TransferPlan& transfer) const;
};

// Reads "workload": {"accounts": {"alice": {"store": 1, "balance": 100, "min": 0, "max": 120}},
//   "transfers": [{"at": "100ms", "from": "alice", "to": "bob", "amount": 30}],
//   "reader": {"name": "auditor", "reads": [{"at": "400ms", "accounts": ["bob"], "for_share": true}]}}
// `stores` is the number of server nodes: stores are servers 1 .. stores-1 (server 0 coordinates).
// `id_prefix` names the transfers ("T" -> T1, T2; "S" -> S1).
BankWorkload parse_bank_workload(const JsonReader& workload, std::uint32_t servers, const char* id_prefix);

// The knobs of both protocols. The delays exist because a handler runs to completion in the
// simulator, so a crash can never fall between two of its lines; a delay opens the window on
// purpose so that a scheduled crash lands in it, deterministically.
struct BankParams {
  Flavour flavour = Flavour::postgres;
  Level level = Level::read_committed;
  // 2PC coordinator
  DurationUs decision_delay_us = 0;                  // from the last vote to writing the decision
  DurationUs send_delay_us = 0;                      // from writing the decision to sending it
  DurationUs vote_timeout_us = kSecond;              // no vote by then: abort
  DurationUs resend_interval_us = 200 * kMillisecond;  // re-send an unacknowledged decision
  // 2PC participant
  DurationUs inquiry_timeout_us = kSecond;           // in doubt this long: ask the coordinator, and again each time
  // saga
  DurationUs step_delay_us = 0;                      // between one step's reply and the next step
  DurationUs compensation_retry_us = 100 * kMillisecond;
  std::set<std::string> bugs;                        // named rule switches (two_phase_bugs(), saga_bugs())

  bool has_bug(const char* name) const { return bugs.count(name) != 0; }
};

// Bug switches, each breaking one rule on purpose so a checker can be shown to catch it.
inline constexpr const char* kBugSendBeforeLog = "send_before_log";      // coordinator sends, then logs
inline constexpr const char* kBugVolatilePrepare = "volatile_prepare";   // participant keeps PREPARED in memory only
inline constexpr const char* kBugSkipCompensation = "skip_compensation"; // saga gives up without compensating
std::vector<std::string> two_phase_bugs();
std::vector<std::string> saga_bugs();

// Reads "params": {"flavour", "level", "decision_delay", "send_delay", "vote_timeout",
// "resend_interval", "inquiry_timeout", "step_delay", "compensation_retry", "bugs"}.
BankParams parse_bank_params(const JsonReader& params, const std::vector<std::string>& allowed_bugs);

// UPDATE accounts SET balance = balance + add WHERE id = key [AND balance >= min - add | <= max - add].
// Unguarded: a compensation or the replay of a prepared branch, which must not fail.
Statement change_balance(const Account& account, std::int64_t add, bool guarded = true);
// SELECT * FROM accounts WHERE id IN (...) [FOR SHARE]
Statement read_balances(const std::vector<std::string>& keys, bool for_share);
Statement commit_statement();
Statement rollback_statement();

// "debit alice 30" / "credit bob 30".
std::string describe(const Step& step);
// Durable encodings: a row as "balance=100;max=120"; a branch as "alice:-30;bob:30".
std::string encode_row(const Row& row);
Row decode_row(const std::string& text);
std::string encode_steps(const std::vector<Step>& steps);
std::vector<Step> decode_steps(const std::string& text);

}  // namespace dsim::txn::bank
