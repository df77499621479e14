// Reads a JSON Lines trace back (docs/trace-format.md) for the visualizer, the CLI and tests.
// Every problem with the input becomes one TraceError whose message names the file, the line and
// what was expected; no input, however mangled, crashes the reader. A trace cut short (no "end"
// record, or a last line cut mid-record) is still readable and is flagged `truncated`.
#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "sim/check/verdict.h"
#include "sim/core/causal_clocks.h"
#include "sim/core/ids.h"
#include "sim/core/node.h"
#include "sim/core/observer.h"
#include "sim/core/time.h"
#include "sim/scenario/scenario.h"

namespace dsim {

// One problem with a trace, already worded for the user: "run.jsonl: line 57: event has no "t"".
class TraceError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct TraceNode {
  NodeId id = 0;
  std::string name;
  bool server = true;        // false for the clients a protocol adds after the servers
  bool has_position = false; // whether the scenario gave a layout
  double x = 0;              // 0..1 of the canvas, when has_position
  double y = 0;
};

struct TraceHeader {
  int version = 0;
  std::string scenario;  // "raft/leader-crash"
  std::string title;
  std::string protocol;
  std::uint64_t seed = 0;
  DurationUs duration_us = 0;
  std::vector<TraceNode> nodes;  // nodes[i].id == i
  std::vector<StoryLine> story;
  nlohmann::json source;  // the scenario's JSON source, or null
};

enum class TraceEventKind : std::uint8_t {
  send,
  deliver,
  drop,
  timer_set,
  timer_fire,
  timer_cancel,
  fault,
  state,
  note,
  mark,
  metric,
  op,
  durable,  // a node's durable storage at the end of the run
  verdict,  // a check's verdict, after the run
  unknown,  // a kind added by a newer writer of the same version; `kind_name` says which
};
// "send", "timer_set", ... as written in the trace.
const char* trace_event_kind_name(TraceEventKind kind);

// One event line. Which fields are meaningful depends on `kind`; the rest keep their defaults.
struct TraceEvent {
  TimeUs time_us = 0;
  TraceEventKind kind = TraceEventKind::unknown;
  std::string kind_name;   // the "e" field as written
  std::size_t line = 0;    // 1-based line in the trace, for messages

  // timer_*, state, mark, metric: the node. note, mark, metric: kNoNode when not tied to a node
  // (world narration). op: the client process.
  NodeId node = kNoNode;

  // send, deliver, drop
  NodeId from = kNoNode;
  NodeId to = kNoNode;
  MessageId id = 0;
  std::string type;                  // "RequestVote"
  TimeUs deliver_at_us = kTimeNever; // send: when it arrives; kTimeNever when dropped at once
  std::string body;                  // send: the body object as JSON text, fields in written order
  std::string reason;                // drop: "loss", "partition", "no-route", "node-down"

  // send, deliver, timer_fire of a run with clocks on (sim/core/causal_clocks.h): "lc" and "vc"
  bool has_lamport = false;
  std::uint64_t lamport = 0;
  bool has_vector = false;
  SparseVectorClock vector;          // non-zero counts by node id

  // timer_set, timer_fire, timer_cancel
  TimerId timer = kNoTimer;
  std::uint16_t timer_kind = 0;      // timer_set, timer_fire
  std::uint64_t timer_a = 0;
  std::uint64_t timer_b = 0;
  TimeUs fire_at_us = 0;             // timer_set

  // timer_set/timer_fire: the timer's name; mark: the mark; metric: the metric's name
  std::string name;

  // state: the key and the value as JSON text ("" when the key was removed).
  // op: the key and the value (argument on invoke, result on ok).
  std::string key;
  std::string value;

  std::string text;  // note

  // fault
  std::string fault_kind;        // "crash", "partition", ...
  std::vector<NodeId> nodes;
  std::string detail;

  // metric
  MetricKind metric_kind = MetricKind::counter;
  std::int64_t metric_value = 0;

  // op
  HistoryEvent::Kind op_kind = HistoryEvent::Kind::invoke;
  std::string op;                // "put", "get", ...
  std::uint64_t request_id = 0;
  std::string expected;          // a cas's invoke: the value the key must hold ("value" is the new one)

  // durable: the node's storage, key -> value, in key order
  std::vector<std::pair<std::string, std::string>> entries;

  // verdict: the check, its word ("pass", "fail") and its violations
  Verdict verdict;
  std::string verdict_word;

  // An op event as the history checkers take it.
  HistoryEvent to_history_event() const;
};

struct Trace {
  TraceHeader header;
  std::vector<TraceEvent> events;
  bool has_end = false;      // the "end" record was present
  TimeUs end_time_us = 0;    // from the end record, else the last event's time
  // The trace stops early: no "end" record, or its last line is cut mid-record. The visualizer
  // still shows it, with `warning`.
  bool truncated = false;
  std::string warning;       // why it is truncated, in words; empty otherwise
};

// `label` names the input in messages (usually the file's path).
Trace read_trace_text(std::string_view text, std::string_view label);
Trace read_trace_file(const std::string& path);

}  // namespace dsim
