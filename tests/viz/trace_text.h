// Writes small traces by hand, line by line in the documented format (docs/trace-format.md), so
// that the visualizer's tests say exactly what happened and read it back through the real reader.
#pragma once

#include <algorithm>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "sim/core/time.h"

namespace dsim::testing {

class TraceText {
 public:
  TraceText(int servers, int clients = 0, TimeUs duration_us = 10 * kSecond, std::string story_json = "[]",
            std::string extra_node_fields = "")
      : servers_(servers), clients_(clients) {
    std::string nodes;
    for (int i = 0; i < servers + clients; ++i) {
      if (i > 0) nodes += ",";
      // Appended, not "n" + std::to_string(i): GCC 12 at -O3 warns falsely (-Wrestrict) on that.
      std::string name = i < servers ? "n" : "client";
      name += std::to_string(i < servers ? i : i - servers);
      nodes += "{\"id\":" + std::to_string(i) + ",\"name\":\"" + name +
               "\",\"server\":" + (i < servers ? "true" : "false") + extra_node_fields + "}";
    }
    header_ = "{\"format\":\"dsim-trace\",\"version\":1,\"scenario\":\"test/hand-written\",\"title\":\"A hand-written trace\","
              "\"protocol\":\"test\",\"seed\":1,\"duration_us\":" + std::to_string(duration_us) +
              ",\"nodes\":[" + nodes + "],\"story\":" + story_json + ",\"source\":null}";
  }

  TraceText& send(TimeUs t, int from, int to, int id, const std::string& type, TimeUs deliver_at, const std::string& body = "{}") {
    return add(t, "send", "\"from\":" + std::to_string(from) + ",\"to\":" + std::to_string(to) + ",\"id\":" + std::to_string(id) +
                              ",\"type\":\"" + type + "\",\"deliver_at\":" + (deliver_at < 0 ? std::string("null") : std::to_string(deliver_at)) +
                              ",\"body\":" + body);
  }
  TraceText& deliver(TimeUs t, int from, int to, int id, const std::string& type) {
    return add(t, "deliver", message_fields(from, to, id, type));
  }
  TraceText& drop(TimeUs t, int from, int to, int id, const std::string& type, const std::string& reason) {
    return add(t, "drop", message_fields(from, to, id, type) + ",\"reason\":\"" + reason + "\"");
  }
  TraceText& timer_set(TimeUs t, int node, std::uint64_t timer, const std::string& name, TimeUs fire_at) {
    return add(t, "timer_set", "\"node\":" + std::to_string(node) + ",\"timer\":" + std::to_string(timer) +
                                   ",\"kind\":1,\"name\":\"" + name + "\",\"a\":0,\"b\":0,\"fire_at\":" + std::to_string(fire_at));
  }
  TraceText& timer_fire(TimeUs t, int node, std::uint64_t timer, const std::string& name) {
    return add(t, "timer_fire", "\"node\":" + std::to_string(node) + ",\"timer\":" + std::to_string(timer) +
                                    ",\"kind\":1,\"name\":\"" + name + "\",\"a\":0,\"b\":0");
  }
  TraceText& timer_cancel(TimeUs t, int node, std::uint64_t timer) {
    return add(t, "timer_cancel", "\"node\":" + std::to_string(node) + ",\"timer\":" + std::to_string(timer));
  }
  TraceText& fault(TimeUs t, const std::string& kind, const std::vector<int>& nodes, const std::string& detail = "") {
    std::string list;
    for (std::size_t i = 0; i < nodes.size(); ++i) list += (i ? "," : "") + std::to_string(nodes[i]);
    return add(t, "fault", "\"kind\":\"" + kind + "\",\"nodes\":[" + list + "],\"detail\":\"" + detail + "\"");
  }
  // `value_json` is the JSON value itself ("\"leader\"", "3", "[1,1,2]") or "null" for removal.
  TraceText& state(TimeUs t, int node, const std::string& key, const std::string& value_json) {
    return add(t, "state", "\"node\":" + std::to_string(node) + ",\"key\":\"" + key + "\",\"value\":" + value_json);
  }
  TraceText& note(TimeUs t, int node, const std::string& text) {
    return add(t, "note", "\"node\":" + (node < 0 ? std::string("null") : std::to_string(node)) + ",\"text\":\"" + text + "\"");
  }
  TraceText& metric(TimeUs t, int node, const std::string& name, const std::string& kind, std::int64_t value) {
    return add(t, "metric", "\"node\":" + (node < 0 ? std::string("null") : std::to_string(node)) + ",\"name\":\"" + name +
                                "\",\"kind\":\"" + kind + "\",\"value\":" + std::to_string(value));
  }

  // One check's verdict with one violation (at `at_us`, naming `nodes`), as a run records it at its end.
  TraceText& verdict(TimeUs t, const std::string& check, TimeUs at_us, const std::vector<int>& nodes, const std::string& message) {
    std::string list;
    for (std::size_t i = 0; i < nodes.size(); ++i) list += (i ? "," : "") + std::to_string(nodes[i]);
    return add(t, "verdict", "\"check\":\"" + check + "\",\"verdict\":\"fail\",\"violations\":[{\"at_us\":" + std::to_string(at_us) +
                                 ",\"nodes\":[" + list + "],\"message\":\"" + message + "\"}],\"suppressed\":0,\"undecided\":[]");
  }

  // The whole trace; without the end record when `complete` is false (a run cut short). Events
  // come out in time order (equal times in the order they were added), as a simulator writes them.
  std::string text(TimeUs end_us, bool complete = true) const {
    std::vector<std::pair<TimeUs, std::string>> ordered = lines_;
    std::stable_sort(ordered.begin(), ordered.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    std::string out = header_ + "\n";
    for (const auto& [time, line] : ordered) out += line + "\n";
    if (complete) out += "{\"t\":" + std::to_string(end_us) + ",\"e\":\"end\",\"events\":" + std::to_string(lines_.size()) + "}\n";
    return out;
  }
  std::size_t event_count() const { return lines_.size(); }

 private:
  static std::string message_fields(int from, int to, int id, const std::string& type) {
    return "\"from\":" + std::to_string(from) + ",\"to\":" + std::to_string(to) + ",\"id\":" + std::to_string(id) +
           ",\"type\":\"" + type + "\"";
  }
  TraceText& add(TimeUs t, const std::string& kind, const std::string& fields) {
    lines_.emplace_back(t, "{\"t\":" + std::to_string(t) + ",\"e\":\"" + kind + "\"," + fields + "}");
    return *this;
  }
  int servers_;
  int clients_;
  std::string header_;
  std::vector<std::pair<TimeUs, std::string>> lines_;
};

}  // namespace dsim::testing
