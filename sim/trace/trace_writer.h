// Writes a run as JSON Lines: one header line (format name, version, scenario, seed, nodes), then
// one line per event in the order the simulator produced them, then an "end" line. The trace holds
// everything the visualizer needs to replay the run. docs/trace-format.md documents every record.
//
// The writer formats by hand with a fixed key order, so equal runs give byte-identical files.
#pragma once

#include <cstdint>
#include <ostream>
#include <string>
#include <unordered_map>
#include <vector>

#include "sim/check/checker.h"
#include "sim/check/verdict.h"
#include "sim/core/fields.h"
#include "sim/core/observer.h"
#include "sim/scenario/scenario.h"

namespace dsim {

inline constexpr int kTraceFormatVersion = 1;

class TraceWriter final : public Observer {
 public:
  // `scenario` supplies the header (name, title, layout, story, source); it must outlive the writer.
  TraceWriter(std::ostream& out, const Scenario& scenario, std::uint64_t seed);
  ~TraceWriter() override;

  void on_run_start(const Simulator& simulator) override;
  void on_send(TimeUs time, NodeId from, NodeId to, const Message& message, TimeUs deliver_at) override;
  void on_deliver(TimeUs time, NodeId from, NodeId to, const Message& message) override;
  void on_drop(TimeUs time, NodeId from, NodeId to, const Message& message, DropReason reason) override;
  void on_timer_set(TimeUs time, NodeId node, TimerId id, const Timer& timer, TimeUs fire_at) override;
  void on_timer_fire(TimeUs time, NodeId node, TimerId id, const Timer& timer) override;
  void on_timer_cancel(TimeUs time, NodeId node, TimerId id) override;
  void on_fault(TimeUs time, const FaultEvent& fault) override;
  void on_state(TimeUs time, NodeId node, std::string_view key, std::string_view value_json) override;
  void on_note(TimeUs time, NodeId node, std::string_view text) override;
  void on_mark(TimeUs time, NodeId node, std::string_view name) override;
  void on_metric(TimeUs time, NodeId node, std::string_view name, MetricKind kind, std::int64_t value) override;
  void on_history(const HistoryEvent& event) override;
  void on_write_done(TimeUs time, NodeId node, const StorageWrite& write) override;
  void on_write_lost(TimeUs time, NodeId node, const StorageWrite& write) override;
  void on_run_end(TimeUs time) override;
  // The run's last records, written by the runner after the checkers' verdicts and before the end
  // record: each node's durable storage as the run left it (nodes with none are left out), then
  // one verdict per check. Together they let `dsim check` re-judge the trace offline.
  void write_durable(const FinalState& final_state);
  void write_verdicts(const std::vector<Verdict>& verdicts);

  std::uint64_t events_written() const { return events_; }

 private:
  void flush_line();
  void finish_event();  // counts the event line, then writes it
  // The fields timer_set and timer_fire records start with: node, trace number, kind, name, words.
  FieldWriter begin_timer_event(TimeUs time, const char* kind, NodeId node, std::uint64_t number, const Timer& timer);
  // write_done and write_lost: node, the write's number, when it started, when it is durable, its keys.
  void write_storage_event(TimeUs time, const char* kind, NodeId node, const StorageWrite& write);
  // The number a timer has in the trace: 1 for the first timer set in the run, 2 for the next...
  // A TimerId holds the simulator's storage slot, which shifts when anything else is scheduled
  // (a fault added at a later moment, say); numbering by order keeps a run's trace before that
  // moment byte-identical, which is what the visualizer's forks rely on.
  std::uint64_t number_timer(TimerId id);
  std::uint64_t take_timer_number(TimerId id);  // for a fire or cancel: the timer is gone after
  // Only looked up, never iterated, so its order cannot reach the trace.
  std::unordered_map<TimerId, std::uint64_t> timer_numbers_;
  std::uint64_t timers_set_ = 0;
  std::ostream& out_;
  const Scenario& scenario_;
  std::uint64_t seed_;
  const Simulator* simulator_ = nullptr;
  std::string line_;
  std::uint64_t events_ = 0;
};

}  // namespace dsim
