// The JSON Lines trace writer. Every record is formatted by hand into one reused line buffer with
// a fixed key order, so that two equal runs give byte-identical files and `dsim run
// --check-determinism` can compare them as text. docs/trace-format.md documents each record.
#include "sim/trace/trace_writer.h"

#include <nlohmann/json.hpp>

#include "sim/core/fields.h"
#include "sim/core/message.h"
#include "sim/core/simulator.h"

namespace dsim {
namespace {

const char* metric_kind_name(MetricKind kind) {
  switch (kind) {
    case MetricKind::counter: return "counter";
    case MetricKind::histogram: return "histogram";
    case MetricKind::gauge: return "gauge";
  }
  return "counter";
}

const char* history_kind_name(HistoryEvent::Kind kind) {
  switch (kind) {
    case HistoryEvent::Kind::invoke: return "invoke";
    case HistoryEvent::Kind::ok: return "ok";
    case HistoryEvent::Kind::fail: return "fail";
    case HistoryEvent::Kind::info: return "info";
  }
  return "info";
}

// Starts an event line: `{"t":<time>,"e":"<kind>"`. The caller adds the rest through the
// returned writer and then calls flush_line().
FieldWriter begin_event(std::string& line, TimeUs time, const char* kind) {
  line.clear();
  line.push_back('{');
  FieldWriter fields(line);
  fields.field("t", static_cast<std::int64_t>(time));
  fields.field("e", kind);
  return fields;
}

// The fields every send, deliver and drop record starts with.
FieldWriter begin_message_event(std::string& line, TimeUs time, const char* kind, NodeId from, NodeId to,
                                const Message& message) {
  FieldWriter fields = begin_event(line, time, kind);
  fields.field("from", static_cast<std::uint64_t>(from));
  fields.field("to", static_cast<std::uint64_t>(to));
  fields.field("id", static_cast<std::uint64_t>(message.id()));
  fields.field("type", message.type());
  return fields;
}

void node_field(FieldWriter& fields, const char* name, NodeId node) {
  if (node == kNoNode) {
    fields.raw(name, "null");
  } else {
    fields.field(name, static_cast<std::uint64_t>(node));
  }
}

// A send, deliver or timer_fire record's causal clocks, when the run keeps them
// (causal_clocks.h): "lc", the node's Lamport clock, and in vector mode "vc", its vector clock as
// an object from node id to count holding only the non-zero counts.
void clock_fields(FieldWriter& fields, std::string& line, const Simulator* simulator, NodeId node) {
  const CausalClocks* clocks = simulator != nullptr ? simulator->causal_clocks() : nullptr;
  if (clocks == nullptr) return;
  fields.field("lc", clocks->lamport(node));
  if (clocks->mode() != ClockMode::vector) return;
  fields.raw("vc", "{");
  FieldWriter vector(line);
  for (const auto& [other, count] : clocks->vector(node)) vector.field(std::to_string(other), count);
  line.push_back('}');
}

}  // namespace

TraceWriter::TraceWriter(std::ostream& out, const Scenario& scenario, std::uint64_t seed)
    : out_(out), scenario_(scenario), seed_(seed) {
  line_.reserve(512);
}

TraceWriter::~TraceWriter() = default;

void TraceWriter::finish_event() {
  ++events_;
  flush_line();
}

void TraceWriter::flush_line() {
  line_ += "}\n";
  out_.write(line_.data(), static_cast<std::streamsize>(line_.size()));
}

void TraceWriter::on_run_start(const Simulator& simulator) {
  simulator_ = &simulator;
  events_ = 0;
  line_.clear();
  line_.push_back('{');
  FieldWriter header(line_);
  header.field("format", "dsim-trace");
  header.field("version", kTraceFormatVersion);
  header.field("scenario", scenario_.name);
  header.field("title", scenario_.title);
  header.field("protocol", scenario_.protocol);
  header.field("seed", seed_);
  header.field("duration_us", static_cast<std::int64_t>(scenario_.duration_us));

  header.raw("nodes", "[");
  for (NodeId id = 0; id < simulator.node_count(); ++id) {
    if (id > 0) line_.push_back(',');
    line_.push_back('{');
    FieldWriter node(line_);
    node.field("id", static_cast<std::uint64_t>(id));
    node.field("name", simulator.node_name(id));
    node.field("server", id < scenario_.nodes);
    if (id < scenario_.layout.size()) {
      node.field("x", scenario_.layout[id].x);
      node.field("y", scenario_.layout[id].y);
    }
    line_.push_back('}');
  }
  line_.push_back(']');

  header.raw("story", "[");
  for (std::size_t i = 0; i < scenario_.story.size(); ++i) {
    if (i > 0) line_.push_back(',');
    line_.push_back('{');
    FieldWriter story(line_);
    story.field("at_us", static_cast<std::int64_t>(scenario_.story[i].at_us));
    story.field("text", scenario_.story[i].text);
    if (!scenario_.story[i].when.empty()) {
      // What the line claims happened, and what is narrated instead when it did not.
      story.raw("when", scenario_.story[i].when_json);
      story.field("otherwise", scenario_.story[i].unmet_text);
    }
    line_.push_back('}');
  }
  line_.push_back(']');

  if (scenario_.source) {
    // nlohmann's objects are sorted maps, so dump() is deterministic. Invalid UTF-8 in a scenario
    // string is replaced rather than allowed to throw in the middle of a run.
    header.raw("source", scenario_.source->dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
  } else {
    header.raw("source", "null");
  }
  flush_line();
}

void TraceWriter::on_send(TimeUs time, NodeId from, NodeId to, const Message& message, TimeUs deliver_at) {
  FieldWriter fields = begin_message_event(line_, time, "send", from, to, message);
  if (deliver_at == kTimeNever) {
    fields.raw("deliver_at", "null");
  } else {
    fields.field("deliver_at", static_cast<std::int64_t>(deliver_at));
  }
  fields.raw("body", "{");
  FieldWriter body(line_);
  message.describe(body);
  line_.push_back('}');
  clock_fields(fields, line_, simulator_, from);
  finish_event();
}

void TraceWriter::on_deliver(TimeUs time, NodeId from, NodeId to, const Message& message) {
  FieldWriter fields = begin_message_event(line_, time, "deliver", from, to, message);
  clock_fields(fields, line_, simulator_, to);
  finish_event();
}

void TraceWriter::on_drop(TimeUs time, NodeId from, NodeId to, const Message& message, DropReason reason) {
  FieldWriter fields = begin_message_event(line_, time, "drop", from, to, message);
  fields.field("reason", drop_reason_name(reason));
  finish_event();
}

FieldWriter TraceWriter::begin_timer_event(TimeUs time, const char* kind, NodeId node, std::uint64_t number,
                                           const Timer& timer) {
  FieldWriter fields = begin_event(line_, time, kind);
  fields.field("node", static_cast<std::uint64_t>(node));
  fields.field("timer", number);
  fields.field("kind", static_cast<std::uint64_t>(timer.kind));
  const Node* object = simulator_ != nullptr ? simulator_->node_object(node) : nullptr;
  fields.field("name", object != nullptr ? object->timer_name(timer.kind) : std::string_view("timer"));
  fields.field("a", timer.a);
  fields.field("b", timer.b);
  return fields;
}

std::uint64_t TraceWriter::number_timer(TimerId id) {
  std::uint64_t number = ++timers_set_;
  timer_numbers_[id] = number;
  return number;
}

std::uint64_t TraceWriter::take_timer_number(TimerId id) {
  auto found = timer_numbers_.find(id);
  if (found == timer_numbers_.end()) return 0;  // set before the writer was attached
  std::uint64_t number = found->second;
  timer_numbers_.erase(found);
  return number;
}

void TraceWriter::on_timer_set(TimeUs time, NodeId node, TimerId id, const Timer& timer, TimeUs fire_at) {
  FieldWriter fields = begin_timer_event(time, "timer_set", node, number_timer(id), timer);
  fields.field("fire_at", static_cast<std::int64_t>(fire_at));
  finish_event();
}

void TraceWriter::on_timer_fire(TimeUs time, NodeId node, TimerId id, const Timer& timer) {
  FieldWriter fields = begin_timer_event(time, "timer_fire", node, take_timer_number(id), timer);
  clock_fields(fields, line_, simulator_, node);
  finish_event();
}

void TraceWriter::on_timer_cancel(TimeUs time, NodeId node, TimerId id) {
  FieldWriter fields = begin_event(line_, time, "timer_cancel");
  fields.field("node", static_cast<std::uint64_t>(node));
  fields.field("timer", take_timer_number(id));
  finish_event();
}

void TraceWriter::on_fault(TimeUs time, const FaultEvent& fault) {
  FieldWriter fields = begin_event(line_, time, "fault");
  fields.field("kind", fault.kind);
  fields.raw("nodes", "[");
  for (std::size_t i = 0; i < fault.nodes.size(); ++i) {
    if (i > 0) line_.push_back(',');
    line_ += std::to_string(fault.nodes[i]);
  }
  line_.push_back(']');
  fields.field("detail", fault.detail);
  finish_event();
}

void TraceWriter::on_state(TimeUs time, NodeId node, std::string_view key, std::string_view value_json) {
  FieldWriter fields = begin_event(line_, time, "state");
  fields.field("node", static_cast<std::uint64_t>(node));
  fields.field("key", key);
  fields.raw("value", value_json.empty() ? std::string_view("null") : value_json);
  finish_event();
}

void TraceWriter::on_note(TimeUs time, NodeId node, std::string_view text) {
  FieldWriter fields = begin_event(line_, time, "note");
  node_field(fields, "node", node);
  fields.field("text", text);
  finish_event();
}

void TraceWriter::on_mark(TimeUs time, NodeId node, std::string_view name) {
  FieldWriter fields = begin_event(line_, time, "mark");
  node_field(fields, "node", node);
  fields.field("name", name);
  finish_event();
}

void TraceWriter::on_metric(TimeUs time, NodeId node, std::string_view name, MetricKind kind, std::int64_t value) {
  FieldWriter fields = begin_event(line_, time, "metric");
  node_field(fields, "node", node);
  fields.field("name", name);
  fields.field("kind", metric_kind_name(kind));
  fields.field("value", value);
  finish_event();
}

void TraceWriter::write_storage_event(TimeUs time, const char* kind, NodeId node, const StorageWrite& write) {
  FieldWriter fields = begin_event(line_, time, kind);
  fields.field("node", static_cast<std::uint64_t>(node));
  fields.field("write", write.number);
  fields.field("started_at", static_cast<std::int64_t>(write.started_at));
  fields.field("done_at", static_cast<std::int64_t>(write.done_at));
  fields.field("keys", std::vector<std::string>(write.keys.begin(), write.keys.end()));
  finish_event();
}

void TraceWriter::on_write_done(TimeUs time, NodeId node, const StorageWrite& write) {
  write_storage_event(time, "write_done", node, write);
}

void TraceWriter::on_write_lost(TimeUs time, NodeId node, const StorageWrite& write) {
  write_storage_event(time, "write_lost", node, write);
}

void TraceWriter::on_history(const HistoryEvent& event) {
  FieldWriter fields = begin_event(line_, event.time, "op");
  node_field(fields, "process", event.process);
  fields.field("kind", history_kind_name(event.kind));
  fields.field("op", event.op);
  fields.field("key", event.key);
  fields.field("value", event.value);
  // A cas's arguments stay two fields (its new value above); other records keep their shape.
  if (event.kind == HistoryEvent::Kind::invoke && event.op == "cas") fields.field("expected", event.expected);
  fields.field("req", event.request_id);
  finish_event();
}

void TraceWriter::write_durable(const FinalState& final_state) {
  for (NodeId node = 0; node < final_state.node_count(); ++node) {
    const DurableEntries& entries = final_state.durable(node);
    if (entries.empty()) continue;
    FieldWriter fields = begin_event(line_, final_state.end_us(), "durable");
    fields.field("node", static_cast<std::uint64_t>(node));
    std::string object = "{";
    FieldWriter members(object);
    for (const auto& [key, value] : entries) members.field(key, value);
    object += '}';
    fields.raw("entries", object);
    finish_event();
  }
}

void TraceWriter::write_verdicts(const std::vector<Verdict>& verdicts) {
  TimeUs time = simulator_ ? simulator_->now() : 0;
  for (const Verdict& verdict : verdicts) {
    FieldWriter fields = begin_event(line_, time, "verdict");
    fields.field("check", verdict.name);
    fields.field("verdict", verdict_name(verdict.outcome()));
    std::string list = "[";
    for (std::size_t i = 0; i < verdict.violations.size(); ++i) {
      const Violation& violation = verdict.violations[i];
      if (i) list += ',';
      list += '{';
      FieldWriter item(list);
      item.field("at_us", static_cast<std::int64_t>(violation.time_us));
      std::vector<std::int64_t> nodes(violation.nodes.begin(), violation.nodes.end());
      item.field("nodes", nodes);
      item.field("message", violation.message);
      list += '}';
    }
    list += ']';
    fields.raw("violations", list);
    fields.field("suppressed", verdict.suppressed);
    std::string undecided = "[";
    for (std::size_t i = 0; i < verdict.undecided.size(); ++i) {
      if (i) undecided += ',';
      undecided += '{';
      FieldWriter item(undecided);
      item.field("at_us", static_cast<std::int64_t>(verdict.undecided[i].time_us));
      item.field("message", verdict.undecided[i].message);
      undecided += '}';
    }
    undecided += ']';
    fields.raw("undecided", undecided);
    finish_event();
  }
}

void TraceWriter::on_run_end(TimeUs time) {
  FieldWriter fields = begin_event(line_, time, "end");
  fields.field("events", events_);
  flush_line();
  out_.flush();
}

}  // namespace dsim
