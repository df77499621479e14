// Loading and validating a scenario file (docs/scenario-format.md is the user's guide to it).
//
// Sections: 1. reading the file and parsing JSON   2. --set overrides   3. shared pieces (node
// ids, targets, link keys, latency)   4. faults and the nemesis   5. the top level.
//
// Every check throws one ScenarioError through JsonReader, so each message names the file, the
// JSON path, what was expected and what was found. Nothing from nlohmann may escape: every value
// is type-checked before it is read.
#include "sim/scenario/loader.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <algorithm>
#include <limits>

#include <nlohmann/json.hpp>

#include "sim/scenario/aimed_moves.h"
#include "sim/scenario/swarm.h"
#include "sim/scenario/duplicate_keys.h"
#include "sim/scenario/story.h"
#include "sim/scenario/text.h"

namespace dsim {
namespace {

using nlohmann::json;

// ---------------------------------------------------------------------------------------------
// 1. Reading the file and parsing JSON

std::string read_file_or_throw(const std::string& path) {
  std::FILE* file = std::fopen(path.c_str(), "rb");
  if (file == nullptr) throw ScenarioError(path, "", std::string("cannot open: ") + std::strerror(errno));
  std::string text;
  char buffer[65536];
  while (true) {
    std::size_t got = std::fread(buffer, 1, sizeof buffer, file);
    text.append(buffer, got);
    if (got < sizeof buffer) break;
  }
  bool failed = std::ferror(file) != 0;
  int error = errno;
  std::fclose(file);
  if (failed) throw ScenarioError(path, "", std::string("cannot read: ") + std::strerror(error));
  return text;
}

// nlohmann's messages read "[json.exception.parse_error.101] parse error at line 1, column 5:
// syntax error while parsing object key - unexpected '}'; expected string literal". Keep the part
// a person needs: what was wrong ("unexpected '}'; expected string literal").
std::string short_parse_reason(const std::string& what) {
  std::string reason = what;
  std::size_t colon = reason.find(": ");
  if (reason.rfind("[json.exception", 0) == 0 && colon != std::string::npos) reason = reason.substr(colon + 2);
  std::size_t dash = reason.find(" - ");
  if (reason.rfind("syntax error", 0) == 0 && dash != std::string::npos) reason = reason.substr(dash + 3);
  // "last read: '<bytes>'" repeats raw input, which may be long or not printable.
  std::size_t last_read = reason.find("; last read: ");
  if (last_read != std::string::npos) {
    std::size_t after = reason.find("'; ", last_read + 13);
    reason = reason.substr(0, last_read) + (after == std::string::npos ? "" : reason.substr(after + 1));
  }
  return reason;
}

json parse_json_or_throw(std::string_view text, const std::string& file) {
  try {
    json parsed = json::parse(text.begin(), text.end());
    // nlohmann keeps the last of two equal keys without a word; refuse them instead.
    if (std::optional<DuplicateKey> duplicate = find_duplicate_key(text)) {
      throw ScenarioError(file, "", describe_duplicate_key(*duplicate));
    }
    return parsed;
  } catch (const json::parse_error& error) {
    // `byte` is 1-based: the position of the character that could not be read (text.size() + 1
    // at the end of the input).
    std::size_t offset = error.byte == 0 ? 0 : std::min(error.byte - 1, text.size());
    std::size_t line = 1;
    std::size_t line_start = 0;
    for (std::size_t i = 0; i < offset; ++i) {
      if (text[i] == '\n') {
        ++line;
        line_start = i + 1;
      }
    }
    std::size_t column = offset - line_start + 1;
    throw ScenarioError(file, "",
                        "line " + std::to_string(line) + ", column " + std::to_string(column) +
                            ": invalid JSON: " + short_parse_reason(error.what()));
  } catch (const json::exception& error) {
    // e.g. out_of_range 406 "number overflow parsing '1e999'": no position is reported.
    throw ScenarioError(file, "", "invalid JSON: " + short_parse_reason(error.what()));
  }
}

// ---------------------------------------------------------------------------------------------
// 2. --set overrides

struct PathSegment {
  bool is_index = false;  // written as [N]
  std::string key;        // the text as written; for a dot segment of digits, also usable as an index
};

[[noreturn]] void fail_override(const Override& override_, const std::string& message) {
  throw ScenarioError("--set " + override_.path, "", message);
}

std::vector<PathSegment> split_override_path(const Override& override_) {
  std::vector<PathSegment> segments;
  const std::string& path = override_.path;
  std::size_t i = 0;
  bool expect_name = true;  // at the start and after '.'
  while (i < path.size()) {
    if (path[i] == '[') {
      std::size_t close = path.find(']', i);
      if (close == std::string::npos) fail_override(override_, "missing \"]\" after \"[\"");
      std::string digits = path.substr(i + 1, close - i - 1);
      if (digits.empty() || digits.size() > 9 || digits.find_first_not_of("0123456789") != std::string::npos) {
        fail_override(override_, "expected an index such as [0] inside the brackets, found " + quote("[" + digits + "]"));
      }
      if (expect_name && !segments.empty()) fail_override(override_, "empty name before \"[\"");
      if (segments.empty()) fail_override(override_, "the path must start with a key, such as faults[0]");
      segments.push_back({true, digits});
      i = close + 1;
      expect_name = false;
      if (i < path.size() && path[i] != '.' && path[i] != '[') {
        fail_override(override_, "expected \".\" or \"[\" after " + quote("[" + digits + "]"));
      }
      if (i < path.size() && path[i] == '.') {
        ++i;
        expect_name = true;
        if (i == path.size()) fail_override(override_, "the path ends with \".\"");
      }
      continue;
    }
    std::size_t end = path.find_first_of(".[", i);
    if (end == std::string::npos) end = path.size();
    std::string name = path.substr(i, end - i);
    if (name.empty()) fail_override(override_, "empty name in the path (two dots in a row?)");
    segments.push_back({false, name});
    i = end;
    expect_name = false;
    if (i < path.size() && path[i] == '.') {
      ++i;
      expect_name = true;
      if (i == path.size()) fail_override(override_, "the path ends with \".\"");
    }
  }
  if (segments.empty()) fail_override(override_, "empty path");
  return segments;
}

bool all_digits(const std::string& text) {
  return !text.empty() && text.size() <= 9 && text.find_first_not_of("0123456789") == std::string::npos;
}

std::string append_segment(const std::string& path, const PathSegment& segment, bool as_index) {
  if (as_index) return path + "[" + segment.key + "]";
  return path.empty() ? segment.key : path + "." + segment.key;
}

void apply_override(json& root, const Override& override_) {
  std::vector<PathSegment> segments = split_override_path(override_);
  json value = json::parse(override_.value, nullptr, /*allow_exceptions=*/false);
  if (value.is_discarded()) value = override_.value;
  if (std::optional<DuplicateKey> duplicate = find_duplicate_key(override_.value); duplicate && !value.is_string()) {
    fail_override(override_, "the value has " + describe_duplicate_key(*duplicate));
  }

  json* node = &root;
  std::string walked;  // the path so far, for messages
  for (std::size_t s = 0; s < segments.size(); ++s) {
    const PathSegment& segment = segments[s];
    bool last = s + 1 == segments.size();
    std::string where = walked.empty() ? "the top level" : quote(walked);
    if (node->is_array() && (segment.is_index || all_digits(segment.key))) {
      std::size_t index = std::stoul(segment.key);
      if (index >= node->size()) {
        std::size_t count = node->size();
        fail_override(override_, where + " has " + std::to_string(count) + (count == 1 ? " entry" : " entries"));
      }
      walked = append_segment(walked, segment, true);
      node = &(*node)[index];
    } else if (node->is_object() && !segment.is_index) {
      auto it = node->find(segment.key);
      if (it == node->end()) {
        // A missing member is created: "--set network.loss=0.1" works on a file without "network".
        if (!last && segments[s + 1].is_index) {
          fail_override(override_, quote(append_segment(walked, segment, false)) + " does not exist, so it has no entry [" +
                                       segments[s + 1].key + "]");
        }
        it = node->emplace(segment.key, last ? json(nullptr) : json::object()).first;
      }
      walked = append_segment(walked, segment, false);
      node = &*it;
    } else {
      std::string found = node->is_object() ? "an object" : node->is_array() ? "an array" : describe_json_value(*node);
      std::string wanted = segment.is_index ? "entry [" + segment.key + "]" : "member " + quote(segment.key);
      fail_override(override_, where + " is " + found + ", so it has no " + wanted);
    }
  }
  *node = std::move(value);
}

// ---------------------------------------------------------------------------------------------
// 3. Shared pieces

const std::vector<std::string> kLinkKeys = {"latency", "loss", "duplicate", "fifo", "reorder", "reorder_delay"};

std::vector<std::string> with_link_keys(std::vector<std::string> keys) {
  keys.insert(keys.end(), kLinkKeys.begin(), kLinkKeys.end());
  return keys;
}

bool has_any_link_key(const JsonReader& object) {
  for (const std::string& key : kLinkKeys) {
    if (object.has(key)) return true;
  }
  return false;
}

std::string quoted_duration(DurationUs duration) { return quote(format_duration(duration)); }

LatencyDistribution read_latency(const JsonReader& reader) {
  LatencyDistribution latency;
  if (reader.is_string()) {
    latency.kind = LatencyDistribution::Kind::constant;
    latency.a_us = reader.duration();
    return latency;
  }
  if (!reader.is_object()) {
    reader.fail_expected("a latency such as \"5ms\" or {\"uniform\": [\"5ms\", \"15ms\"]}");
  }
  static const std::vector<std::string> kKinds = {"constant", "uniform", "normal", "exponential", "lognormal"};
  std::vector<std::string> allowed = kKinds;
  allowed.push_back("min");
  reader.expect_keys(allowed);
  std::vector<std::string> present;
  for (const std::string& kind : kKinds) {
    if (reader.has(kind)) present.push_back(kind);
  }
  if (present.empty()) {
    reader.fail("a latency object needs one of \"constant\", \"uniform\", \"normal\", \"exponential\" or \"lognormal\"");
  }
  if (present.size() > 1) {
    reader.fail("a latency has exactly one kind, found both " + quote(present[0]) + " and " + quote(present[1]));
  }
  const std::string& kind = present[0];
  JsonReader body = reader.at(kind);
  if (kind == "constant") {
    latency.kind = LatencyDistribution::Kind::constant;
    latency.a_us = body.duration();
  } else if (kind == "uniform") {
    latency.kind = LatencyDistribution::Kind::uniform;
    if (!body.is_array() || body.json().size() != 2) {
      body.fail_expected("two durations [low, high] such as [\"5ms\", \"15ms\"]");
    }
    std::vector<JsonReader> ends = body.items();
    latency.a_us = ends[0].duration();
    latency.b_us = ends[1].duration();
    if (latency.a_us > latency.b_us) {
      body.fail("the low end " + quoted_duration(latency.a_us) + " is above the high end " +
                quoted_duration(latency.b_us));
    }
  } else if (kind == "normal") {
    latency.kind = LatencyDistribution::Kind::normal;
    body.expect_keys({"mean", "stddev"});
    latency.a_us = body.at("mean").duration();
    latency.b_us = body.at("stddev").duration();
  } else if (kind == "exponential") {
    latency.kind = LatencyDistribution::Kind::exponential;
    body.expect_keys({"mean"});
    latency.a_us = body.at("mean").duration();
  } else {
    latency.kind = LatencyDistribution::Kind::lognormal;
    body.expect_keys({"median", "sigma"});
    latency.a_us = body.at("median").duration(1);
    latency.sigma = body.at("sigma").number(0, 10);
  }
  latency.min_us = reader.duration_or("min", 0);
  return latency;
}

// The link keys of `object` replace those fields of `base`; keys it does not name keep the base's
// value. Used by "network", "network.links", topology edges, "degrade" and "nemesis.degraded".
// The caller has already checked the object's keys.
LinkModel read_link_keys(const JsonReader& object, LinkModel base) {
  if (std::optional<JsonReader> latency = object.find("latency")) base.latency = read_latency(*latency);
  base.loss = object.number_or("loss", base.loss, 0, 1);
  base.duplicate = object.number_or("duplicate", base.duplicate, 0, 1);
  base.fifo = object.boolean_or("fifo", base.fifo);
  base.reorder = object.number_or("reorder", base.reorder, 0, 1);
  base.reorder_delay_us = object.duration_or("reorder_delay", base.reorder_delay_us);
  return base;
}

NodeId read_node_id(const JsonReader& reader, std::uint32_t nodes) {
  std::string what = "a node id from 0 to " + std::to_string(nodes - 1) + " (the scenario has " +
                     std::to_string(nodes) + (nodes == 1 ? " node)" : " nodes)");
  if (!reader.json().is_number_integer() && !reader.json().is_number_unsigned()) reader.fail_expected(what);
  bool in_range = reader.json().is_number_unsigned() ? reader.json().get<std::uint64_t>() < nodes
                                                     : reader.json().get<std::int64_t>() >= 0 &&
                                                           reader.json().get<std::int64_t>() < std::int64_t{nodes};
  if (!in_range) reader.fail("expected " + what + ", found " + reader.json().dump());
  return static_cast<NodeId>(reader.json().get<std::uint64_t>());
}

const std::vector<std::string> kTargetWords = {"leader", "random", "minority", "majority", "all", "others"};

TargetSpec read_target(const JsonReader& reader, std::uint32_t nodes) {
  static const std::string kWhat =
      "a target: a node id, a list of node ids, or one of \"leader\", \"random\", \"minority\", \"majority\", "
      "\"all\", \"others\"";
  TargetSpec target;
  if (reader.is_string()) {
    std::string word = reader.string();
    static const TargetSpec::Kind kKinds[] = {TargetSpec::Kind::leader,   TargetSpec::Kind::random,
                                              TargetSpec::Kind::minority, TargetSpec::Kind::majority,
                                              TargetSpec::Kind::all,      TargetSpec::Kind::others};
    for (std::size_t i = 0; i < kTargetWords.size(); ++i) {
      if (word == kTargetWords[i]) {
        target.kind = kKinds[i];
        target.text = word;
        return target;
      }
    }
    std::string hint;
    if (std::optional<std::string> close = did_you_mean(word, kTargetWords)) hint = " (did you mean " + quote(*close) + "?)";
    reader.fail("expected " + kWhat + ", found " + quote(word) + hint);
  }
  target.kind = TargetSpec::Kind::nodes;
  if (reader.is_number()) {
    target.ids.push_back(read_node_id(reader, nodes));
    target.text = std::to_string(target.ids[0]);
    return target;
  }
  if (!reader.is_array()) reader.fail_expected(kWhat);
  std::vector<JsonReader> items = reader.items();
  if (items.empty()) reader.fail("expected at least one node id in the list, found []");
  target.text = "[";
  for (const JsonReader& item : items) {
    NodeId id = read_node_id(item, nodes);
    for (NodeId earlier : target.ids) {
      if (earlier == id) item.fail("node " + std::to_string(id) + " is listed twice");
    }
    if (!target.ids.empty()) target.text += ", ";
    target.text += std::to_string(id);
    target.ids.push_back(id);
  }
  target.text += "]";
  return target;
}

TargetSpec all_nodes_target() {
  TargetSpec target;
  target.kind = TargetSpec::Kind::all;
  target.text = "all";
  return target;
}

// ---------------------------------------------------------------------------------------------
// 4. Faults and the nemesis

struct ActionName {
  const char* name;
  FaultSpec::Action action;
  bool can_undo;  // whether "for" means something: an undo after that long
};

constexpr ActionName kActions[] = {
    {"crash", FaultSpec::Action::crash, true},         {"restart", FaultSpec::Action::restart, false},
    {"pause", FaultSpec::Action::pause, true},         {"resume", FaultSpec::Action::resume, false},
    {"isolate", FaultSpec::Action::isolate, true},     {"partition", FaultSpec::Action::partition, true},
    {"cut", FaultSpec::Action::cut, true},             {"heal", FaultSpec::Action::heal, false},
    {"degrade", FaultSpec::Action::degrade, true},     {"restore", FaultSpec::Action::restore, false},
    {"clock", FaultSpec::Action::clock, true},         {"request", FaultSpec::Action::request, false},
};

void expect_true(const JsonReader& reader, const std::string& action) {
  if (!reader.json().is_boolean() || !reader.json().get<bool>()) {
    reader.fail("expected true (\"" + action + "\": true), found " + describe_json_value(reader.json()));
  }
}

// {"node": 5 or "c0", "text": "put x 5"}. Clients are made by the protocol, so the loader cannot
// know them: an id is only checked to be a node id, and a name is looked up when the fault fires.
void read_request(const JsonReader& body, FaultSpec& fault) {
  if (!body.is_object()) body.fail_expected("a request such as {\"node\": \"c0\", \"text\": \"put x 5\"}");
  body.expect_keys({"node", "text"});
  JsonReader node = body.at("node");
  fault.target.kind = TargetSpec::Kind::nodes;
  if (node.is_string()) {
    fault.node_name = node.string();
    if (fault.node_name.empty()) node.fail("expected a node name such as \"c0\" or a node id, found \"\"");
    fault.target.text = fault.node_name;
  } else {
    if (!node.is_number()) node.fail_expected("a node id or a node name such as \"c0\"");
    fault.target.ids.push_back(static_cast<NodeId>(node.integer(0, kNoNode - 1)));
    fault.target.text = std::to_string(fault.target.ids.front());
  }
  JsonReader text = body.at("text");
  fault.request = text.string();
  if (fault.request.empty()) text.fail("expected the request's text, such as \"put x 5\", found \"\"");
}

// "others" has one meaning in every action: the servers that the fault's other targets do not
// choose. So it is written only where a fault has another target (a partition's other groups, a
// cut's other end, a degrade's other end), and once per fault.
const std::string kOthersMeaning = "\"others\" means the servers that the fault's other targets do not choose";

const std::string kWhereOthersGoes =
    " (write it in a partition's groups, a cut's \"from\" or \"to\", or a degrade's \"nodes\" or \"to\")";

bool is_others(const TargetSpec& target) { return target.kind == TargetSpec::Kind::others; }

void refuse_lone_others(const JsonReader& where, const TargetSpec& target, const std::string& why) {
  if (is_others(target)) where.fail(kOthersMeaning + ", and " + why);
}

void refuse_second_others(const JsonReader& where, const TargetSpec& target, bool earlier_others) {
  if (is_others(target) && earlier_others) {
    where.fail(kOthersMeaning + ", so a fault can write it once only");
  }
}

FaultSpec read_fault(const JsonReader& reader, const Scenario& scenario) {
  std::vector<std::string> allowed = {"at", "for"};
  for (const ActionName& action : kActions) allowed.push_back(action.name);
  reader.expect_keys(allowed);

  FaultSpec fault;
  fault.json_path = reader.path();
  JsonReader at = reader.at("at");
  fault.at_us = at.duration();
  if (fault.at_us > scenario.duration_us) {
    at.fail("the fault is at " + quote(at.string()) + ", after the end of the run (" +
            quoted_duration(scenario.duration_us) + ")");
  }

  std::vector<const ActionName*> present;
  for (const ActionName& action : kActions) {
    if (reader.has(action.name)) present.push_back(&action);
  }
  if (present.empty()) {
    reader.fail(
        "a fault needs one action: \"crash\", \"restart\", \"pause\", \"resume\", \"isolate\", \"partition\", "
        "\"cut\", \"heal\", \"degrade\", \"restore\", \"clock\" or \"request\"");
  }
  if (present.size() > 1) {
    reader.fail("a fault has exactly one action, found both " + quote(present[0]->name) + " and " +
                quote(present[1]->name) + " (write two faults at the same time instead)");
  }
  const ActionName& action = *present[0];
  fault.action = action.action;
  JsonReader body = reader.at(action.name);
  std::uint32_t nodes = scenario.nodes;

  switch (action.action) {
    case FaultSpec::Action::crash:
    case FaultSpec::Action::restart:
    case FaultSpec::Action::pause:
    case FaultSpec::Action::resume:
    case FaultSpec::Action::isolate:
      fault.target = read_target(body, nodes);
      refuse_lone_others(body, fault.target,
                         quote(action.name) + " has one target only" + kWhereOthersGoes);
      break;
    case FaultSpec::Action::partition: {
      if (!body.is_array()) body.fail_expected("a list of groups such as [[0, 1], [2, 3, 4]]");
      std::vector<JsonReader> groups = body.items();
      if (groups.empty()) body.fail("expected at least one group, found []");
      bool others_written = false;
      for (const JsonReader& group : groups) {
        fault.groups.push_back(read_target(group, nodes));
        refuse_second_others(group, fault.groups.back(), others_written);
        others_written = others_written || is_others(fault.groups.back());
      }
      if (groups.size() == 1) refuse_lone_others(groups[0], fault.groups[0], "this partition has no other group");
      break;
    }
    case FaultSpec::Action::cut:
      body.expect_keys({"from", "to"});
      fault.target = read_target(body.at("from"), nodes);
      fault.to = read_target(body.at("to"), nodes);
      refuse_second_others(body.at("to"), *fault.to, is_others(fault.target));
      break;
    case FaultSpec::Action::heal:
    case FaultSpec::Action::restore:
      expect_true(body, action.name);
      break;
    case FaultSpec::Action::degrade: {
      body.expect_keys(with_link_keys({"nodes", "to"}));
      fault.target = body.has("nodes") ? read_target(body.at("nodes"), nodes) : all_nodes_target();
      if (body.has("to")) fault.to = read_target(body.at("to"), nodes);
      if (body.has("nodes") && !fault.to) refuse_lone_others(body.at("nodes"), fault.target, "this degrade names no \"to\"");
      if (fault.to && !body.has("nodes")) refuse_lone_others(body.at("to"), *fault.to, "this degrade names no \"nodes\"");
      if (fault.to) refuse_second_others(body.at("to"), *fault.to, is_others(fault.target));
      if (!has_any_link_key(body)) {
        body.fail("a degrade needs at least one link key: " + join_words(kLinkKeys));
      }
      fault.link = read_link_keys(body, scenario.network);
      break;
    }
    case FaultSpec::Action::clock:
      body.expect_keys({"node", "skew", "drift_ppm"});
      fault.target = read_target(body.at("node"), nodes);
      refuse_lone_others(body.at("node"), fault.target,
                         "\"clock\" has one target only" + kWhereOthersGoes);
      if (std::optional<JsonReader> skew = body.find("skew")) fault.skew_us = skew->signed_duration();
      fault.drift_ppm = body.integer_or("drift_ppm", 0, -500000, 500000);
      break;
    case FaultSpec::Action::request:
      read_request(body, fault);
      break;
  }

  if (std::optional<JsonReader> for_member = reader.find("for")) {
    if (!action.can_undo) {
      for_member->fail("\"for\" undoes a fault after a while, but " + quote(action.name) + " has nothing to undo");
    }
    fault.for_us = for_member->duration(1);
  }
  return fault;
}

NemesisSpec read_nemesis(const JsonReader& reader, const Scenario& scenario) {
  reader.expect_keys({"actions", "every", "duration", "start", "stop", "degraded", "aimed"});
  NemesisSpec nemesis;
  nemesis.enabled = true;
  if (std::optional<JsonReader> aimed = reader.find("aimed")) nemesis.aimed = read_aimed_moves(*aimed);
  // "actions" may be left out only when aimed moves are the whole nemesis.
  std::vector<JsonReader> items;
  if (reader.has("actions") || nemesis.aimed.empty()) {
    JsonReader actions = reader.at("actions");
    items = actions.items();
    if (items.empty() && nemesis.aimed.empty()) actions.fail("expected at least one action, found []");
  }
  static const std::vector<std::string> kNemesisActions = {"crash", "pause", "partition", "isolate", "degrade", "clock"};
  for (const JsonReader& item : items) {
    std::string name = item.choice(kNemesisActions);
    for (const ActionName& action : kActions) {
      if (name == action.name) nemesis.actions.push_back(action.action);
    }
  }
  nemesis.every_us = reader.duration_or("every", nemesis.every_us, 1);
  nemesis.duration_us = reader.duration_or("duration", nemesis.duration_us, 1);
  if (nemesis.duration_us >= nemesis.every_us) {
    JsonReader where = reader.has("duration") ? reader.at("duration") : reader;
    where.fail("each nemesis fault lasts " + quoted_duration(nemesis.duration_us) +
               ", which must be shorter than \"every\" (" + quoted_duration(nemesis.every_us) + ")");
  }
  nemesis.start_us = reader.duration_or("start", 0);
  if (std::optional<JsonReader> stop = reader.find("stop")) {
    nemesis.stop_us = stop->duration();
  } else if (scenario.heal_at_us) {
    nemesis.stop_us = *scenario.heal_at_us;
  }
  if (nemesis.stop_us <= nemesis.start_us) {
    JsonReader where = reader.has("stop") ? reader.at("stop") : reader;
    where.fail("the nemesis stops at " + quoted_duration(nemesis.stop_us) + ", not after it starts (" +
               quoted_duration(nemesis.start_us) + ")");
  }
  nemesis.degraded_link = scenario.network;
  if (std::optional<JsonReader> degraded = reader.find("degraded")) {
    degraded->expect_keys(kLinkKeys);
    nemesis.degraded_link = read_link_keys(*degraded, scenario.network);
  }
  return nemesis;
}

// ---------------------------------------------------------------------------------------------
// 5. The top level

bool is_valid_name(const std::string& name) {
  std::size_t slash = name.find('/');
  if (slash == std::string::npos || slash == 0 || slash + 1 == name.size()) return false;
  for (std::size_t i = 0; i < name.size(); ++i) {
    char c = name[i];
    bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || (c == '/' && i == slash);
    if (!ok) return false;
  }
  return true;
}

std::string non_empty_string(const JsonReader& reader) {
  std::string text = reader.string();
  if (text.empty()) reader.fail("expected a non-empty string, found \"\"");
  return text;
}

std::vector<std::string> string_list(const JsonReader& reader) {
  std::vector<std::string> out;
  for (const JsonReader& item : reader.items()) out.push_back(item.string());
  return out;
}

void check_known_names(const JsonReader& list, const std::vector<std::string>& known, const std::string& noun,
                       const std::string& protocol) {
  for (const JsonReader& item : list.items()) {
    std::string name = item.string();
    if (std::find(known.begin(), known.end(), name) != known.end()) continue;
    std::string message = "unknown " + noun + " " + quote(name) + " for protocol " + protocol;
    if (std::optional<std::string> close = did_you_mean(name, known)) message += " (did you mean " + quote(*close) + "?)";
    message += known.empty() ? "; protocol " + protocol + " declares none" : "; known: " + join_words(known);
    item.fail(message);
  }
}

void validate_network(const JsonReader& reader, Scenario& scenario) {
  reader.expect_keys(with_link_keys({"links"}));
  scenario.network = read_link_keys(reader, scenario.network);
  std::optional<JsonReader> links = reader.find("links");
  if (!links) return;
  for (const JsonReader& entry : links->items()) {
    entry.expect_keys(with_link_keys({"from", "to", "both_ways"}));
    NodeId from = read_node_id(entry.at("from"), scenario.nodes);
    NodeId to = read_node_id(entry.at("to"), scenario.nodes);
    if (from == to) entry.at("to").fail("a link joins two different nodes, but both ends are node " + std::to_string(from));
    bool both_ways = entry.boolean_or("both_ways", true);
    LinkModel link = read_link_keys(entry, scenario.network);
    scenario.links.push_back({from, to, link});
    if (both_ways) scenario.links.push_back({to, from, link});
  }
}

// "storage": {"write_latency": latency, "per_node": [{"node": id, "write_latency": latency}]}
void validate_storage(const JsonReader& reader, Scenario& scenario) {
  reader.expect_keys({"write_latency", "per_node"});
  if (std::optional<JsonReader> latency = reader.find("write_latency")) scenario.storage.write_latency = read_latency(*latency);
  std::optional<JsonReader> per_node = reader.find("per_node");
  if (!per_node) return;
  for (const JsonReader& entry : per_node->items()) {
    entry.expect_keys({"node", "write_latency"});
    NodeId node = read_node_id(entry.at("node"), scenario.nodes);
    for (const auto& [earlier, latency] : scenario.storage.per_node) {
      if (earlier == node) entry.at("node").fail("node " + std::to_string(node) + " already has a write latency");
    }
    scenario.storage.per_node.emplace_back(node, read_latency(entry.at("write_latency")));
  }
}

void validate_topology(const JsonReader& reader, Scenario& scenario) {
  for (const JsonReader& entry : reader.items()) {
    TopologyEdge edge;
    std::optional<JsonReader> a_reader;
    std::optional<JsonReader> b_reader;
    if (entry.is_array()) {
      if (entry.json().size() != 2) entry.fail_expected("an edge [a, b] of two node ids");
      std::vector<JsonReader> ends = entry.items();
      a_reader = ends[0];
      b_reader = ends[1];
    } else if (entry.is_object()) {
      entry.expect_keys(with_link_keys({"a", "b"}));
      a_reader = entry.at("a");
      b_reader = entry.at("b");
      if (has_any_link_key(entry)) edge.link = read_link_keys(entry, scenario.network);
    } else {
      entry.fail_expected("an edge such as [0, 1] or {\"a\": 0, \"b\": 1, \"latency\": \"20ms\"}");
    }
    edge.a = read_node_id(*a_reader, scenario.nodes);
    edge.b = read_node_id(*b_reader, scenario.nodes);
    if (edge.a == edge.b) entry.fail("an edge cannot join node " + std::to_string(edge.a) + " to itself");
    scenario.topology.push_back(edge);
  }
}

// A line may state the verdict of a check its protocol has (a misspelt name is an error here). A
// run that does not make that check (`--set checks=...`) simply does not bear the claim out; a
// run lengthened by `--set duration=...` tells the line at its new end, when verdicts are known.
void check_story_verdict_claims(const JsonReader& when, const StoryLine& line, const std::vector<std::string>& checks) {
  for (const StoryCondition& condition : line.when) {
    if (condition.kind != StoryCondition::Kind::check) continue;
    if (std::find(checks.begin(), checks.end(), condition.name) == checks.end()) {
      when.fail("the line states the verdict of " + quote(condition.name) + ", which is not a check of this protocol (" +
                join_words(checks) + ")");
    }
  }
}

void validate_story(const JsonReader& reader, Scenario& scenario, const std::vector<std::string>& marks,
                    const std::vector<std::string>& checks) {
  std::vector<JsonReader> lines = reader.items();
  if (lines.empty()) reader.fail("the story needs at least one line, such as {\"at\": \"0s\", \"text\": \"...\"}");
  for (std::size_t i = 0; i < lines.size(); ++i) {
    lines[i].expect_keys({"at", "text", "when", "otherwise"});
    JsonReader at = lines[i].at("at");
    StoryLine line;
    line.at_us = at.duration();
    line.text = non_empty_string(lines[i].at("text"));
    if (std::optional<JsonReader> when = lines[i].find("when")) {
      line.when = read_story_conditions(*when, marks, line.at_us);
      check_story_verdict_claims(*when, line, checks);
      line.when_json = when->json().dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
      line.unmet_text = default_unmet_story_text(line.text);
    }
    if (std::optional<JsonReader> otherwise = lines[i].find("otherwise")) {
      if (line.when.empty()) otherwise->fail("\"otherwise\" is what is narrated when the line's \"when\" does not hold; add a \"when\"");
      line.unmet_text = non_empty_string(*otherwise);
    }
    if (line.at_us > scenario.duration_us) {
      at.fail("the story line is at " + quote(at.string()) + ", after the end of the run (" +
              quoted_duration(scenario.duration_us) + ")");
    }
    if (i > 0 && line.at_us < scenario.story.back().at_us) {
      at.fail("story lines must be in time order, but " + quote(at.string()) + " comes after " +
              quoted_duration(scenario.story.back().at_us) + " (story[" + std::to_string(i - 1) + "])");
    }
    scenario.story.push_back(std::move(line));
  }
}

void check_swarm_ends(const Scenario& scenario, const ProtocolRegistry& registry);

Scenario validate(std::shared_ptr<json> source, const std::string& file, const ProtocolRegistry& registry) {
  JsonReader root(*source, file);
  if (!root.is_object()) root.fail_expected("an object { \"name\": ..., \"protocol\": ..., ... } at the top level");
  root.expect_keys({"name", "title", "summary", "learn", "protocol", "seed", "duration", "nodes", "node_names",
                    "layout", "network", "topology", "storage", "timers", "faults", "nemesis", "heal_at", "params",
                    "workload", "checks", "expect_marks", "expect_verdict", "story", "max_send_rate", "swarm", "clocks"});

  Scenario scenario;
  scenario.file = file;
  JsonReader name = root.at("name");
  scenario.name = name.string();
  if (!is_valid_name(scenario.name)) {
    name.fail("expected a name such as \"raft/leader-crash\" (lower-case letters, digits and '-', with one '/' "
              "between subject and slug), found " + quote(scenario.name));
  }
  scenario.title = non_empty_string(root.at("title"));
  scenario.summary = non_empty_string(root.at("summary"));
  if (std::optional<JsonReader> learn = root.find("learn")) scenario.learn = string_list(*learn);

  JsonReader protocol_reader = root.at("protocol");
  scenario.protocol = protocol_reader.string();
  const Protocol* protocol = registry.find(scenario.protocol);
  if (protocol == nullptr) {
    if (const std::string* replacement = registry.retired(scenario.protocol)) {
      protocol_reader.fail("the protocol " + quote(scenario.protocol) + " no longer exists: " + *replacement);
    }
    std::vector<std::string> known = registry.names();
    std::string message = "unknown protocol " + quote(scenario.protocol);
    if (std::optional<std::string> close = did_you_mean(scenario.protocol, known)) {
      message += " (did you mean " + quote(*close) + "?)";
    }
    message += known.empty() ? "; no protocols are registered" : "; known: " + join_words(known);
    protocol_reader.fail(message);
  }

  scenario.seed = static_cast<std::uint64_t>(root.integer_or("seed", 1, 0, std::numeric_limits<std::int64_t>::max()));
  scenario.duration_us = root.at("duration").duration(1);
  scenario.nodes = static_cast<std::uint32_t>(root.at("nodes").integer(1, kMaxScenarioNodes));

  if (std::optional<JsonReader> names = root.find("node_names")) {
    std::vector<JsonReader> items = names->items();
    if (items.size() != scenario.nodes) {
      names->fail("expected " + std::to_string(scenario.nodes) + " names (one per node), found " +
                  std::to_string(items.size()));
    }
    for (std::size_t i = 0; i < items.size(); ++i) {
      std::string node_name = non_empty_string(items[i]);
      for (std::size_t earlier = 0; earlier < i; ++earlier) {
        if (scenario.node_names[earlier] == node_name) {
          items[i].fail(quote(node_name) + " is already the name of node " + std::to_string(earlier));
        }
      }
      scenario.node_names.push_back(std::move(node_name));
    }
  }
  if (std::optional<JsonReader> layout = root.find("layout")) {
    std::vector<JsonReader> items = layout->items();
    if (items.size() != scenario.nodes) {
      layout->fail("expected " + std::to_string(scenario.nodes) + " positions (one per node), found " +
                   std::to_string(items.size()));
    }
    for (const JsonReader& item : items) {
      item.expect_keys({"x", "y"});
      scenario.layout.push_back({item.at("x").number(0, 1), item.at("y").number(0, 1)});
    }
  }

  if (std::optional<JsonReader> network = root.find("network")) validate_network(*network, scenario);
  if (std::optional<JsonReader> topology = root.find("topology")) validate_topology(*topology, scenario);
  if (std::optional<JsonReader> storage = root.find("storage")) validate_storage(*storage, scenario);
  if (std::optional<JsonReader> timers = root.find("timers")) {
    timers->expect_keys({"jitter"});
    scenario.timer_jitter_us = timers->duration_or("jitter", 0);
  }
  if (std::optional<JsonReader> faults = root.find("faults")) {
    for (const JsonReader& entry : faults->items()) scenario.faults.push_back(read_fault(entry, scenario));
  }
  if (std::optional<JsonReader> heal_at = root.find("heal_at")) {
    scenario.heal_at_us = heal_at->duration();
    if (*scenario.heal_at_us > scenario.duration_us) {
      heal_at->fail("heal_at is " + quote(heal_at->string()) + ", after the end of the run (" +
                    quoted_duration(scenario.duration_us) + ")");
    }
  }
  if (std::optional<JsonReader> nemesis = root.find("nemesis")) scenario.nemesis = read_nemesis(*nemesis, scenario);
  if (std::optional<JsonReader> rate = root.find("max_send_rate")) {
    double per_second = rate->rate_per_second();
    if (per_second < 1 || per_second > 1e15) {
      rate->fail("expected a send-rate bound from 1/s to 1e15/s per node, found " + rate->json().dump());
    }
    scenario.max_sends_per_second = static_cast<std::uint64_t>(per_second);
  }
  if (std::optional<JsonReader> clocks = root.find("clocks")) {
    if (!parse_clock_mode(clocks->string(), scenario.clocks)) {
      clocks->fail("expected \"off\", \"lamport\" or \"vector\", found " + quote(clocks->string()));
    }
  }
  if (std::optional<JsonReader> params = root.find("params")) {
    if (!params->is_object()) params->fail_expected("an object");
  }
  if (std::optional<JsonReader> workload = root.find("workload")) {
    if (!workload->is_object()) workload->fail_expected("an object");
  }
  if (std::optional<JsonReader> checks = root.find("checks")) {
    check_known_names(*checks, protocol->checks(), "check", scenario.protocol);
    scenario.checks = string_list(*checks);
  }
  if (std::optional<JsonReader> marks = root.find("expect_marks")) {
    check_known_names(*marks, protocol->marks(), "mark", scenario.protocol);
    scenario.expect_marks = string_list(*marks);
  }
  if (std::optional<JsonReader> expect_verdict = root.find("expect_verdict")) {
    scenario.expect_verdict = expect_verdict->choice({"pass", "fail"}) == "fail" ? ExpectedVerdict::fail : ExpectedVerdict::pass;
  }
  validate_story(root.at("story"), scenario, protocol->marks(), protocol->checks());

  scenario.source = std::move(source);
  protocol->validate(scenario);
  if (std::optional<JsonReader> swarm = root.find("swarm")) {
    scenario.swarm = read_swarm(*swarm);
    check_swarm_ends(scenario, registry);
  }
  return scenario;
}

// The scenario a swarm run draws: the source without its "swarm", with the draws applied.
Scenario apply_swarm_draws(const Scenario& scenario, const std::vector<Override>& draws, const ProtocolRegistry& registry) {
  auto source = std::make_shared<json>(*scenario.source);
  source->erase("swarm");
  for (const Override& draw : draws) apply_override(*source, draw);
  return validate(std::move(source), scenario.file, registry);
}

// Every value a knob may take must make a valid scenario: each knob's ends (or choices) are tried
// one at a time, so that a bad one is reported at load time, naming the knob, not in the middle of
// a sweep.
void check_swarm_ends(const Scenario& scenario, const ProtocolRegistry& registry) {
  for (const SwarmKnob& knob : scenario.swarm) {
    for (const Override& end : swarm_ends(knob)) {
      try {
        apply_swarm_draws(scenario, {end}, registry);
      } catch (const ScenarioError& error) {
        std::string where = error.path().empty() ? "" : " at " + error.path();
        throw ScenarioError(scenario.file, knob.json_path,
                            "the value " + end.value + " makes the scenario invalid" + where + ": " + error.message());
      }
    }
  }
}

}  // namespace

Scenario draw_swarm_scenario(const Scenario& scenario, std::uint64_t seed, const ProtocolRegistry& registry) {
  std::vector<Override> draws = draw_swarm(scenario.swarm, seed);
  Scenario drawn = apply_swarm_draws(scenario, draws, registry);
  std::string text = "The swarm drew";
  for (std::size_t i = 0; i < draws.size(); ++i) text += (i ? ", " : " ") + draws[i].path + " = " + draws[i].value;
  StoryLine drawn_line;
  drawn_line.text = text + ".";
  drawn.story.insert(drawn.story.begin(), std::move(drawn_line));
  return drawn;
}

Override parse_override(std::string_view text) {
  std::size_t equals = text.find('=');
  if (equals == std::string_view::npos || equals == 0) {
    throw ScenarioError("--set", "", "expected path=value such as params.heartbeat=60ms, found " + quote(text));
  }
  return Override{std::string(text.substr(0, equals)), std::string(text.substr(equals + 1))};
}

nlohmann::json read_json_file(const std::string& path) { return parse_json_or_throw(read_file_or_throw(path), path); }

Scenario load_scenario_file(const std::string& path, const ProtocolRegistry& registry,
                            const std::vector<Override>& overrides) {
  std::string text = read_file_or_throw(path);
  return load_scenario_text(text, path, registry, overrides);
}

Scenario load_scenario_text(std::string_view text, const std::string& file_label, const ProtocolRegistry& registry,
                            const std::vector<Override>& overrides) {
  // Parsed once and moved, never copied: copying nlohmann values recurses, and a hostile file
  // may nest deeply.
  auto source = std::make_shared<json>(parse_json_or_throw(text, file_label));
  for (const Override& override_ : overrides) {
    if (!source->is_object()) {
      throw ScenarioError(file_label, "", "expected an object at the top level, found " + describe_json_value(*source));
    }
    apply_override(*source, override_);
  }
  return validate(std::move(source), file_label, registry);
}

}  // namespace dsim
