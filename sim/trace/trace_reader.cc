// Reading a trace back. The reader trusts nothing: every value's type is checked before it is
// taken, nesting depth is bounded before parsing (so no input can exhaust the stack), node ids are
// checked against the header, and every problem becomes one TraceError naming file and line.
//
// Sections: small helpers; field access with worded errors; the header; events; the line loop.
#include "sim/trace/trace_reader.h"

#include <algorithm>

#include <filesystem>
#include <fstream>
#include <limits>
#include <sstream>
#include <utility>

#include "sim/trace/trace_writer.h"

namespace dsim {
namespace {

using OrderedJson = nlohmann::ordered_json;

// Deeper JSON than this is refused before parsing: nothing dsim writes comes close, and dumping
// or copying a value recurses once per level.
constexpr int kMaxJsonDepth = 256;
// How much of an offending value an error message quotes.
constexpr std::size_t kMaxQuotedChars = 40;

// ---------------------------------------------------------------- small helpers

bool is_blank(std::string_view text) {
  for (char c : text) {
    if (c != ' ' && c != '\t' && c != '\r' && c != '\n') return false;
  }
  return true;
}

// The deepest nesting of [ and { outside strings.
int nesting_depth(std::string_view text) {
  int depth = 0;
  int deepest = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (in_string) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      deepest = std::max(deepest, ++depth);
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return deepest;
}

template <typename Json>
std::string quote_value(const Json& value) {
  std::string text = value.dump(-1, ' ', false, Json::error_handler_t::replace);
  if (text.size() > kMaxQuotedChars) text = text.substr(0, kMaxQuotedChars) + "...";
  return text;
}

// nlohmann's parse errors read "[json.exception.parse_error.101] parse error at line 1, column 7:
// syntax error ..."; within one line only the column matters.
std::string describe_parse_error(const char* what) {
  std::string text = what;
  if (!text.empty() && text[0] == '[') {
    std::size_t close = text.find("] ");
    if (close != std::string::npos) text = text.substr(close + 2);
  }
  const std::string prefix = "parse error at line 1, column ";
  if (text.compare(0, prefix.size(), prefix) == 0) text = "column " + text.substr(prefix.size());
  return text;
}

// ---------------------------------------------------------------- field access with worded errors

// Reports problems on one line of one input.
class LineContext {
 public:
  LineContext(std::string_view label, std::size_t line) : label_(label), line_(line) {}
  [[noreturn]] void fail(const std::string& what) const {
    throw TraceError(std::string(label_) + ": line " + std::to_string(line_) + ": " + what);
  }
  std::size_t line() const { return line_; }

 private:
  std::string_view label_;
  std::size_t line_;
};

// Reads typed fields of one JSON object; `owner` names it in messages ("header", "\"send\" event").
template <typename Json>
class FieldReader {
 public:
  FieldReader(const Json& object, std::string owner, const LineContext& context)
      : object_(object), owner_(std::move(owner)), context_(context) {}

  const Json* find(const char* key) const {
    auto it = object_.find(key);
    return it == object_.end() ? nullptr : &*it;
  }
  const Json& require(const char* key) const {
    const Json* value = find(key);
    if (value == nullptr) context_.fail(owner_ + " has no \"" + key + "\"");
    return *value;
  }
  [[noreturn]] void wrong(const char* key, const char* expected, const Json& value) const {
    context_.fail(owner_ + " field \"" + key + "\" must be " + expected + ", got " + quote_value(value));
  }

  std::string string(const char* key) const {
    const Json& value = require(key);
    if (!value.is_string()) wrong(key, "a string", value);
    return value.template get<std::string>();
  }
  std::uint64_t unsigned_integer(const char* key, std::uint64_t max = UINT64_MAX,
                                 const char* expected = "a non-negative integer") const {
    const Json& value = require(key);
    if (value.is_number_unsigned()) {
      auto number = value.template get<std::uint64_t>();
      if (number <= max) return number;
    } else if (value.is_number_integer()) {
      auto number = value.template get<std::int64_t>();
      if (number >= 0 && static_cast<std::uint64_t>(number) <= max) return static_cast<std::uint64_t>(number);
    }
    wrong(key, expected, value);
  }
  std::int64_t integer(const char* key) const {
    const Json& value = require(key);
    if (value.is_number_integer() && !value.is_number_unsigned()) return value.template get<std::int64_t>();
    if (value.is_number_unsigned()) {
      auto number = value.template get<std::uint64_t>();
      if (number <= static_cast<std::uint64_t>(INT64_MAX)) return static_cast<std::int64_t>(number);
    }
    wrong(key, "an integer", value);
  }
  TimeUs time(const char* key) const {
    return static_cast<TimeUs>(
        unsigned_integer(key, static_cast<std::uint64_t>(INT64_MAX), "a non-negative integer (microseconds)"));
  }
  bool boolean(const char* key) const {
    const Json& value = require(key);
    if (!value.is_boolean()) wrong(key, "true or false", value);
    return value.template get<bool>();
  }
  double number(const char* key) const {
    const Json& value = require(key);
    if (!value.is_number()) wrong(key, "a number", value);
    return value.template get<double>();
  }
  // A node id below `node_count`; with `nullable`, null reads as kNoNode.
  NodeId node(const char* key, std::size_t node_count, bool nullable = false) const {
    const Json& value = require(key);
    if (nullable && value.is_null()) return kNoNode;
    return node_id(key, value, node_count);
  }
  NodeId node_id(const char* key, const Json& value, std::size_t node_count) const {
    if (value.is_number_unsigned() || (value.is_number_integer() && value.template get<std::int64_t>() >= 0)) {
      auto id = value.template get<std::uint64_t>();
      if (id < node_count) return static_cast<NodeId>(id);
    }
    std::string expected = node_count == 0 ? std::string("a node id, but the header lists no nodes")
                                            : "a node id (0.." + std::to_string(node_count - 1) + ")";
    wrong(key, expected.c_str(), value);
  }
  // One of `names`, returned as its index.
  template <std::size_t N>
  std::size_t one_of(const char* key, const char* const (&names)[N], const char* expected) const {
    const Json& value = require(key);
    if (value.is_string()) {
      const auto& text = value.template get_ref<const std::string&>();
      for (std::size_t i = 0; i < N; ++i) {
        if (text == names[i]) return i;
      }
    }
    wrong(key, expected, value);
  }

 private:
  const Json& object_;
  std::string owner_;
  const LineContext& context_;
};

// ---------------------------------------------------------------- the header

TraceHeader read_header(nlohmann::json& object, const LineContext& context) {
  FieldReader<nlohmann::json> fields(object, "header", context);
  TraceHeader header;
  const nlohmann::json& version = fields.require("version");
  if (!version.is_number_integer()) fields.wrong("version", "an integer", version);
  if (version.is_number_unsigned() && version.get<std::uint64_t>() > static_cast<std::uint64_t>(INT32_MAX)) {
    context.fail("trace version " + version.dump() + " is newer than this dsim understands (" +
                 std::to_string(kTraceFormatVersion) + ")");
  }
  auto version_number = version.get<std::int64_t>();
  if (version_number > kTraceFormatVersion) {
    context.fail("trace version " + std::to_string(version_number) + " is newer than this dsim understands (" +
                 std::to_string(kTraceFormatVersion) + ")");
  }
  if (version_number < 1) fields.wrong("version", "a version number from 1", version);
  header.version = static_cast<int>(version_number);

  header.scenario = fields.string("scenario");
  header.title = fields.string("title");
  header.protocol = fields.string("protocol");
  header.seed = fields.unsigned_integer("seed");
  header.duration_us = fields.time("duration_us");

  const nlohmann::json& nodes = fields.require("nodes");
  if (!nodes.is_array()) fields.wrong("nodes", "an array", nodes);
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    std::string owner = "header nodes[" + std::to_string(i) + "]";
    if (!nodes[i].is_object()) context.fail(owner + " must be an object, got " + quote_value(nodes[i]));
    FieldReader<nlohmann::json> node_fields(nodes[i], owner, context);
    TraceNode node;
    node.id = static_cast<NodeId>(i);
    if (node_fields.unsigned_integer("id", UINT32_MAX - 1) != i) {
      node_fields.wrong("id", ("its position, " + std::to_string(i)).c_str(), node_fields.require("id"));
    }
    node.name = node_fields.string("name");
    node.server = node_fields.boolean("server");
    if (node_fields.find("x") != nullptr || node_fields.find("y") != nullptr) {
      node.has_position = true;
      node.x = node_fields.number("x");
      node.y = node_fields.number("y");
    }
    header.nodes.push_back(std::move(node));
  }

  if (const nlohmann::json* story = fields.find("story")) {
    if (!story->is_array()) fields.wrong("story", "an array", *story);
    for (std::size_t i = 0; i < story->size(); ++i) {
      std::string owner = "header story[" + std::to_string(i) + "]";
      const nlohmann::json& entry = (*story)[i];
      if (!entry.is_object()) context.fail(owner + " must be an object, got " + quote_value(entry));
      FieldReader<nlohmann::json> story_fields(entry, owner, context);
      StoryLine line;
      line.at_us = story_fields.time("at_us");
      line.text = story_fields.string("text");
      if (const nlohmann::json* when = story_fields.find("when")) {
        line.when_json = when->dump();
        line.unmet_text = story_fields.string("otherwise");
      }
      header.story.push_back(std::move(line));
    }
  }

  auto source = object.find("source");
  if (source != object.end()) header.source = std::move(*source);
  return header;
}

bool looks_like_a_header(const nlohmann::json& object) {
  if (!object.is_object()) return false;
  auto format = object.find("format");
  return format != object.end() && format->is_string() && format->get_ref<const std::string&>() == "dsim-trace";
}

// ---------------------------------------------------------------- events

struct KindName {
  const char* name;
  TraceEventKind kind;
};
constexpr KindName kKindNames[] = {
    {"send", TraceEventKind::send},           {"deliver", TraceEventKind::deliver},
    {"drop", TraceEventKind::drop},           {"timer_set", TraceEventKind::timer_set},
    {"timer_fire", TraceEventKind::timer_fire}, {"timer_cancel", TraceEventKind::timer_cancel},
    {"fault", TraceEventKind::fault},         {"state", TraceEventKind::state},
    {"note", TraceEventKind::note},           {"mark", TraceEventKind::mark},
    {"metric", TraceEventKind::metric},       {"op", TraceEventKind::op},
    {"durable", TraceEventKind::durable},     {"verdict", TraceEventKind::verdict},
};

constexpr const char* kMetricKindNames[] = {"counter", "histogram", "gauge"};
constexpr MetricKind kMetricKinds[] = {MetricKind::counter, MetricKind::histogram, MetricKind::gauge};
constexpr const char* kOpKindNames[] = {"invoke", "ok", "fail", "info"};
constexpr HistoryEvent::Kind kOpKinds[] = {HistoryEvent::Kind::invoke, HistoryEvent::Kind::ok,
                                           HistoryEvent::Kind::fail, HistoryEvent::Kind::info};

TraceEventKind kind_from_name(std::string_view name) {
  for (const KindName& entry : kKindNames) {
    if (name == entry.name) return entry.kind;
  }
  return TraceEventKind::unknown;
}

void read_message_fields(const FieldReader<OrderedJson>& fields, std::size_t node_count, TraceEvent& event) {
  event.from = fields.node("from", node_count);
  event.to = fields.node("to", node_count);
  event.id = fields.unsigned_integer("id");
  event.type = fields.string("type");
}

void read_timer_fields(const FieldReader<OrderedJson>& fields, TraceEvent& event) {
  event.timer_kind = static_cast<std::uint16_t>(fields.unsigned_integer("kind", UINT16_MAX, "a timer kind (0..65535)"));
  event.name = fields.string("name");
  event.timer_a = fields.unsigned_integer("a");
  event.timer_b = fields.unsigned_integer("b");
}

// The optional causal clocks of a send, deliver or timer_fire record: "lc" and "vc".
void read_clock_fields(const FieldReader<OrderedJson>& fields, std::size_t node_count, TraceEvent& event) {
  if (fields.find("lc") != nullptr) {
    event.has_lamport = true;
    event.lamport = fields.unsigned_integer("lc");
  }
  const OrderedJson* vector = fields.find("vc");
  if (vector == nullptr) return;
  if (!vector->is_object()) fields.wrong("vc", "an object from node id to count, such as {\"0\": 3}", *vector);
  event.has_vector = true;
  for (auto entry = vector->begin(); entry != vector->end(); ++entry) {
    const std::string& key = entry.key();
    NodeId node = 0;
    bool digits = !key.empty() && key.size() <= 9 && std::all_of(key.begin(), key.end(), [](char c) { return c >= '0' && c <= '9'; });
    if (digits) node = static_cast<NodeId>(std::stoul(key));
    const OrderedJson& count = entry.value();
    if (!digits || node >= node_count || !count.is_number_unsigned() || count.get<std::uint64_t>() == 0 ||
        (!event.vector.empty() && event.vector.back().first >= node)) {
      fields.wrong("vc", "an object from node id (ascending, below the node count) to a positive count", *vector);
    }
    event.vector.emplace_back(node, count.get<std::uint64_t>());
  }
}

// Fills the kind-specific fields of `event` from `object`.
void read_event_body(const OrderedJson& object, const LineContext& context, std::size_t node_count,
                     TraceEvent& event) {
  FieldReader<OrderedJson> fields(object, "\"" + event.kind_name + "\" event", context);
  switch (event.kind) {
    case TraceEventKind::send: {
      read_message_fields(fields, node_count, event);
      const OrderedJson& deliver_at = fields.require("deliver_at");
      event.deliver_at_us = deliver_at.is_null() ? kTimeNever : fields.time("deliver_at");
      const OrderedJson& body = fields.require("body");
      if (!body.is_object()) fields.wrong("body", "an object", body);
      event.body = body.dump(-1, ' ', false, OrderedJson::error_handler_t::replace);
      read_clock_fields(fields, node_count, event);
      break;
    }
    case TraceEventKind::deliver:
      read_message_fields(fields, node_count, event);
      read_clock_fields(fields, node_count, event);
      break;
    case TraceEventKind::drop:
      read_message_fields(fields, node_count, event);
      event.reason = fields.string("reason");
      break;
    case TraceEventKind::timer_set:
      event.node = fields.node("node", node_count);
      event.timer = fields.unsigned_integer("timer");
      read_timer_fields(fields, event);
      event.fire_at_us = fields.time("fire_at");
      break;
    case TraceEventKind::timer_fire:
      event.node = fields.node("node", node_count);
      event.timer = fields.unsigned_integer("timer");
      read_timer_fields(fields, event);
      read_clock_fields(fields, node_count, event);
      break;
    case TraceEventKind::timer_cancel:
      event.node = fields.node("node", node_count);
      event.timer = fields.unsigned_integer("timer");
      break;
    case TraceEventKind::fault: {
      event.fault_kind = fields.string("kind");
      const OrderedJson& nodes = fields.require("nodes");
      if (!nodes.is_array()) fields.wrong("nodes", "an array of node ids", nodes);
      for (const OrderedJson& node : nodes) event.nodes.push_back(fields.node_id("nodes", node, node_count));
      event.detail = fields.string("detail");
      break;
    }
    case TraceEventKind::state: {
      event.node = fields.node("node", node_count);
      event.key = fields.string("key");
      const OrderedJson& value = fields.require("value");
      if (!value.is_null()) event.value = value.dump(-1, ' ', false, OrderedJson::error_handler_t::replace);
      break;
    }
    case TraceEventKind::note:
      event.node = fields.node("node", node_count, /*nullable=*/true);
      event.text = fields.string("text");
      break;
    case TraceEventKind::mark:
      event.node = fields.node("node", node_count, /*nullable=*/true);
      event.name = fields.string("name");
      break;
    case TraceEventKind::metric:
      event.node = fields.node("node", node_count, /*nullable=*/true);
      event.name = fields.string("name");
      event.metric_kind = kMetricKinds[fields.one_of("kind", kMetricKindNames, "\"counter\", \"histogram\" or \"gauge\"")];
      event.metric_value = fields.integer("value");
      break;
    case TraceEventKind::op:
      event.node = fields.node("process", node_count, /*nullable=*/true);
      event.op_kind = kOpKinds[fields.one_of("kind", kOpKindNames, "\"invoke\", \"ok\", \"fail\" or \"info\"")];
      event.op = fields.string("op");
      event.key = fields.string("key");
      event.value = fields.string("value");
      event.request_id = fields.unsigned_integer("req");
      if (fields.find("expected") != nullptr) {
        event.expected = fields.string("expected");
      } else if (event.op_kind == HistoryEvent::Kind::invoke && event.op == "cas") {
        // Written before cas invocations had "expected": value was "expected|new".
        std::size_t bar = event.value.find('|');
        event.expected = event.value.substr(0, bar);
        event.value = bar == std::string::npos ? std::string() : event.value.substr(bar + 1);
      }
      break;
    case TraceEventKind::durable: {
      event.node = fields.node("node", node_count);
      const OrderedJson& entries = fields.require("entries");
      if (!entries.is_object()) fields.wrong("entries", "an object of durable keys and values", entries);
      for (const auto& [key, value] : entries.items()) {
        if (!value.is_string()) fields.wrong("entries", "string values", value);
        event.entries.emplace_back(key, value.get<std::string>());
      }
      break;
    }
    case TraceEventKind::verdict: {
      event.verdict.name = fields.string("check");
      event.verdict_word = fields.string("verdict");
      const OrderedJson& violations = fields.require("violations");
      if (!violations.is_array()) fields.wrong("violations", "an array", violations);
      for (std::size_t i = 0; i < violations.size(); ++i) {
        const OrderedJson& item = violations[i];
        std::string owner = "\"verdict\" event violations[" + std::to_string(i) + "]";
        if (!item.is_object()) context.fail(owner + " must be an object, got " + quote_value(item));
        FieldReader<OrderedJson> violation_fields(item, owner, context);
        Violation violation;
        violation.time_us = violation_fields.time("at_us");
        const OrderedJson& nodes = violation_fields.require("nodes");
        if (!nodes.is_array()) violation_fields.wrong("nodes", "an array of node ids", nodes);
        for (const OrderedJson& node : nodes) violation.nodes.push_back(violation_fields.node_id("nodes", node, node_count));
        violation.message = violation_fields.string("message");
        event.verdict.violations.push_back(std::move(violation));
      }
      event.verdict.suppressed = fields.unsigned_integer("suppressed");
      const OrderedJson& undecided = fields.require("undecided");
      if (!undecided.is_array()) fields.wrong("undecided", "an array", undecided);
      for (std::size_t i = 0; i < undecided.size(); ++i) {
        const OrderedJson& item = undecided[i];
        std::string owner = "\"verdict\" event undecided[" + std::to_string(i) + "]";
        if (!item.is_object()) context.fail(owner + " must be an object, got " + quote_value(item));
        FieldReader<OrderedJson> undecided_fields(item, owner, context);
        event.verdict.undecided.push_back({undecided_fields.time("at_us"), undecided_fields.string("message")});
      }
      break;
    }
    case TraceEventKind::unknown:
      break;  // a newer writer's addition: kept with its time and name, fields ignored
  }
}

// ---------------------------------------------------------------- the line loop

struct Line {
  std::string_view text;
  std::size_t number = 0;
  bool terminated = false;  // ended with '\n' (an unterminated last line may be cut mid-record)
};

// Splits off the next line at `position`; false at the end of the text.
bool next_line(std::string_view text, std::size_t& position, std::size_t& number, Line& line) {
  if (position >= text.size()) return false;
  std::size_t newline = text.find('\n', position);
  line.terminated = newline != std::string_view::npos;
  std::size_t end = line.terminated ? newline : text.size();
  line.text = text.substr(position, end - position);
  if (!line.text.empty() && line.text.back() == '\r') line.text.remove_suffix(1);
  line.number = ++number;
  position = line.terminated ? newline + 1 : text.size();
  return true;
}

// Parses one line as JSON, or returns nullopt with `error` set.
template <typename Json>
std::optional<Json> parse_line(std::string_view text, std::string& error) {
  if (nesting_depth(text) > kMaxJsonDepth) {
    error = "nested deeper than " + std::to_string(kMaxJsonDepth) + " levels";
    return std::nullopt;
  }
  try {
    return Json::parse(text.begin(), text.end());
  } catch (const nlohmann::json::exception& failure) {
    error = describe_parse_error(failure.what());
    return std::nullopt;
  }
}

}  // namespace

const char* trace_event_kind_name(TraceEventKind kind) {
  for (const KindName& entry : kKindNames) {
    if (entry.kind == kind) return entry.name;
  }
  return "unknown";
}

HistoryEvent TraceEvent::to_history_event() const {
  HistoryEvent event;
  event.time = time_us;
  event.process = node;
  event.kind = op_kind;
  event.op = op;
  event.key = key;
  event.value = value;
  event.request_id = request_id;
  event.expected = expected;
  return event;
}

Trace read_trace_text(std::string_view text, std::string_view label) {
  Trace trace;
  if (is_blank(text)) {
    throw TraceError(std::string(label) + ": the file is empty (expected a dsim trace header on line 1)");
  }
  std::size_t position = 0;
  std::size_t number = 0;
  Line line;

  // The header: the first line that is not blank.
  while (next_line(text, position, number, line) && is_blank(line.text)) {
  }
  LineContext header_context(label, line.number);
  const std::string not_a_trace = "not a dsim trace (expected a header with \"format\": \"dsim-trace\")";
  std::string error;
  std::optional<nlohmann::json> header = parse_line<nlohmann::json>(line.text, error);
  if (!header) {
    const std::string_view header_start = "{\"format\":\"dsim-trace\"";
    bool cut_header = line.text.size() < header_start.size() ? header_start.starts_with(line.text)
                                                              : line.text.starts_with(header_start);
    if (!line.terminated && cut_header) {
      header_context.fail("the trace ends in the middle of its header");
    }
    header_context.fail(not_a_trace);
  }
  if (!looks_like_a_header(*header)) header_context.fail(not_a_trace);
  trace.header = read_header(*header, header_context);
  const std::size_t node_count = trace.header.nodes.size();

  TimeUs last_time = 0;
  std::uint64_t event_lines = 0;
  while (next_line(text, position, number, line)) {
    if (is_blank(line.text)) continue;
    LineContext context(label, line.number);
    if (trace.has_end) context.fail("an event follows the \"end\" record");

    std::optional<OrderedJson> parsed = parse_line<OrderedJson>(line.text, error);
    if (!parsed) {
      if (!line.terminated) {
        // The writer was stopped mid-line (a killed run, a full disk): keep what came before.
        trace.truncated = true;
        trace.warning = "line " + std::to_string(line.number) + " is cut mid-record: the trace stops early at t=" +
                        format_time_seconds(last_time);
        break;
      }
      context.fail("invalid JSON: " + error);
    }
    const OrderedJson& object = *parsed;
    if (!object.is_object()) context.fail("expected an event object, got " + quote_value(object));

    FieldReader<OrderedJson> common(object, "event", context);
    TraceEvent event;
    event.line = line.number;
    event.time_us = common.time("t");
    event.kind_name = common.string("e");
    if (event.time_us < last_time) {
      context.fail("time goes backwards (" + std::to_string(event.time_us) + " after " + std::to_string(last_time) + ")");
    }
    last_time = event.time_us;

    if (event.kind_name == "end") {
      FieldReader<OrderedJson> end_fields(object, "\"end\" record", context);
      std::uint64_t counted = end_fields.unsigned_integer("events");
      if (counted != event_lines) {
        context.fail("the \"end\" record counts " + std::to_string(counted) + " events but the trace holds " +
                     std::to_string(event_lines));
      }
      trace.has_end = true;
      trace.end_time_us = event.time_us;
      continue;
    }
    event.kind = kind_from_name(event.kind_name);
    read_event_body(object, context, node_count, event);
    ++event_lines;
    trace.events.push_back(std::move(event));
  }

  if (!trace.has_end) {
    trace.truncated = true;
    trace.end_time_us = last_time;
    if (trace.warning.empty()) {
      trace.warning = "the trace has no \"end\" record: the run stopped early at t=" + format_time_seconds(last_time);
    }
  }
  return trace;
}

Trace read_trace_file(const std::string& path) {
  std::error_code ignored;
  if (std::filesystem::is_directory(path, ignored)) throw TraceError(path + ": is a directory, not a trace file");
  std::ifstream in(path, std::ios::binary);
  if (!in) throw TraceError(path + ": cannot open the file");
  std::ostringstream contents;
  contents << in.rdbuf();
  if (in.bad()) throw TraceError(path + ": cannot read the file");
  return read_trace_text(contents.str(), path);
}

}  // namespace dsim
