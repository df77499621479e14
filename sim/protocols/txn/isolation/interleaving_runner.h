// Runs a Hermitage-style interleaving one moment at a time, so that the same code serves the batch
// runner (run_interleaving, the matrix) and a scenario node that tells the story as virtual time
// reaches each step (`dsim run txn/p4 --explain`). The caller asks when the next thing happens
// (a script step, a lock-wait timeout, the end of the script or of a retry) and advances to it;
// each advance yields the lines of narration it produced. Once finished, the outcome is judged.
#pragma once

#include <deque>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "sim/protocols/txn/isolation/interleaving.h"

namespace dsim::txn::isolation {

// One line of the story: "T2: UPDATE test SET value = 11 WHERE id = 1 -> blocked: waits for T1 ...".
struct NarrationLine {
  TimeUs at = 0;
  std::string text;
};

class InterleavingRunner {
 public:
  InterleavingRunner(Flavour flavour, Level level, const InterleavingTest& test, const InterleavingOptions& options = {});

  // When the next thing happens; kTimeNever once the run is finished (and judged).
  TimeUs next_event() const;
  // Does everything due at or before `now`, in time order. `now` never goes backwards.
  void advance(TimeUs now);
  bool finished() const { return finished_; }
  // Lines told since the last call, oldest first.
  std::vector<NarrationLine> take_narration();
  // The outcome so far; judged (anomaly, outcome, verdict, fates, DSG anomalies) once finished.
  const InterleavingOutcome& outcome() const { return outcome_; }
  const TxnEngine& engine() const { return engine_; }
  // The engine's durable changes since the last call (with options.engine.durable_log).
  std::vector<DurableChange> take_durable_changes() { return engine_.take_durable_changes(); }
  // The engine's lane events since the last call (with options.engine.lane_events).
  std::vector<std::string> take_lane_events() { return engine_.take_lane_events(); }

 private:
  struct TxnRun {
    std::uint32_t number = 0;
    std::string base_label;     // "T2"
    std::string label;          // "T2" or "T2 (retry 1)"
    std::uint32_t attempt = 0;  // 0 for the first
    TxnId id = 0;               // engine id of the current attempt; 0 before it begins
    bool busy = false;          // a statement is waiting for a lock
    std::size_t waiting_record = 0;
    std::vector<TxnId> waiting_on;
    std::deque<std::size_t> queued;  // steps issued while busy, in order
    bool finished = false;      // committed, rolled back, failed or gave up (this attempt)
    bool committed = false;
    bool wants_retry = false;
    std::string fate;
    std::map<RowKey, Row> last_reads;
  };
  struct FirstError {
    std::string txn;
    std::string sql;
    ErrorKind error = ErrorKind::none;
    bool waited = false;
    bool at_commit = false;
    std::string message;
  };

  void log(TimeUs at, const std::string& text);
  void end_phase(TimeUs now);
  bool start_next_retry(TimeUs now);
  void offer(std::size_t index, TimeUs now);
  void issue(TxnRun& run, std::size_t index, TimeUs now);
  void complete(TxnRun& run, std::size_t at, const StatementResult& result, TimeUs now);
  void collect();
  std::size_t push(StepRecord record);
  void finish_attempt(TxnRun& run, std::string fate);
  bool any_busy() const;
  std::string blockers_ended(const std::vector<TxnId>& blockers) const;
  void judge(TimeUs now);

  TxnEngine engine_;
  Level level_;
  InterleavingTest test_;
  InterleavingOptions options_;
  std::map<std::uint32_t, TxnRun> runs_;
  std::optional<FirstError> first_error_;
  InterleavingOutcome outcome_;

  std::deque<std::pair<TimeUs, std::size_t>> schedule_;  // (when, step index) still to offer
  TimeUs phase_end_ = 0;          // when the script (or the current retry) has run all its steps
  TimeUs now_ = 0;                // the latest time advanced to
  std::size_t retry_cursor_ = 0;  // position in test_.retry of the transaction retrying next
  bool finished_ = false;
  std::vector<NarrationLine> untold_;
};

}  // namespace dsim::txn::isolation
