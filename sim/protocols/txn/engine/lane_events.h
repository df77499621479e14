// The engine's lane events: what happened to each transaction, in order, published by the node
// that holds the engine under txn.event (view.h, kLaneEvent) for the visualizer's transactions
// panel (viz/model/txn_lanes.h). Each event is one JSON object; "seq" numbers them per engine, from
// 1, so that two equal events still make two state records. Kinds ("ev"):
//
//   load   {row, value}                      a row as loaded before the first transaction
//   begin  {txn, level}                      a transaction began ("T1", "b7#2", a 2PC gid)
//   stmt   {txn, sql, ok, result, reason?, waited?, snapshot?}
//          a statement finished: what it returned ("no rows", "1: {value: 10}", "1 row changed",
//          "committed", or the error's name with `reason` in words); `waited` when it had waited
//          for a lock first; `snapshot`: the commit number its snapshot sees up to (none for
//          COMMIT and ROLLBACK, nor for a statement that failed before reading)
//   wait   {txn, sql, on: [...], lock: {object, mode, gap}, text}
//          a statement began to wait for a lock ("row test/1", "exclusive", false); `on`: whom it
//          waits for, the wait-for graph's edges: the lock's holder first, then the requests
//          queued before it; `text`: the same in words ("... (T2 holds exclusive)")
//   write  {txn, row, value}                 the transaction installed a version (value null: deleted)
//   end    {txn, outcome, commit? | error?, reason?}
//          committed (with its commit number: a snapshot with a number at least this sees its
//          writes) or aborted (ROLLBACK, or the error that rolled it back and why)
//
// Only the engine's own facts: the panel derives lanes, wait arrows and which version each
// transaction sees from these and nothing else.
#pragma once

#include <string>
#include <vector>

#include "sim/core/node.h"

namespace dsim::txn {

// Publishes `events` (TxnEngine::take_lane_events) in order under txn.event.
void publish_lane_events(Context& ctx, const std::vector<std::string>& events);

}  // namespace dsim::txn
