// Lab 7's durable formats (given). The grader's checkers (txn-2pc's atomic_commit and
// all_resolved, the bank's money_conserved, the lab's all_finished and all_committed) read every
// node's durable storage at the end of the run, in the formats of dsim's own 2PC
// (sim/protocols/txn/bank/view.h for a store, two_phase_commit/view.h for the coordinator), so
// write what you keep through these keys:
//   coordinator  begun/T1 = "1"           PREPARE was sent
//                decision/T1 = "commit"   the commit point (presumed abort: an abort is never logged)
//                ended/T1 = "1"           every participant acknowledged the decision
//   participant  row/alice = "balance=100"       an account's committed balance (balance() / set_balance())
//                prepared/T1 = "alice:-30"        a branch voted YES and not yet decided (encode_steps)
//                prepared_at/T1 = "<time in us>"  when it voted yes
//                vote/T1 = "yes" | "no"
//                outcome/T1 = "committed" | "aborted"
#pragma once

#include <cstdint>
#include <string>

#include "sim/core/node.h"
#include "sim/protocols/txn/bank/bank.h"
#include "sim/protocols/txn/bank/view.h"
#include "sim/protocols/txn/two_phase_commit/view.h"

namespace dsim::lab07 {

using txn::bank::view::durable_key;
namespace store_keys = txn::bank::view;
namespace coordinator_keys = txn::two_phase::view;

// The value stored under `key`, or nullptr.
inline const std::string* stored(Context& ctx, const std::string& key) { return ctx.storage().get(key); }

// An account's committed balance on this store (its durable row).
inline std::int64_t balance(Context& ctx, const std::string& account) {
  const std::string* row = stored(ctx, durable_key(store_keys::kDurableRow, account));
  return row ? txn::bank::decode_row(*row)["balance"] : 0;
}

inline void set_balance(Context& ctx, const std::string& account, std::int64_t value) {
  ctx.persist(durable_key(store_keys::kDurableRow, account), txn::bank::encode_row(txn::Row{{"balance", value}}));
}

}  // namespace dsim::lab07
