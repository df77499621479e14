// Broadcast's checkers. What a server holds is read from its durable storage at the end of the
// run: the server persists a value before it acknowledges or forwards it and never deletes one, so
// its storage is exactly the set it holds (and, for a crashed server, the set it would recover).
#include "sim/protocols/broadcast/invariants.h"

#include <algorithm>
#include <charconv>
#include <map>
#include <set>
#include <string>
#include <utility>

#include "sim/protocols/broadcast/broadcast_node.h"
#include "sim/protocols/broadcast/view.h"

namespace dsim::broadcast {
namespace {

// Every live server must hold every acknowledged value. An acknowledged value is one the system
// promised to deliver; an unacknowledged one may legitimately be lost with its crashed server.
class AllDeliveredChecker final : public Checker {
 public:
  explicit AllDeliveredChecker(std::vector<NodeId> servers)
      : Checker(std::string(kCheckAllDelivered)), servers_(std::move(servers)) {}

  void on_history(const HistoryEvent& event) override {
    if (event.op != "broadcast" || event.kind != HistoryEvent::Kind::ok) return;
    std::optional<ValueId> value = parse_value_id(event.value);
    if (!value) return;  // no_invention's business, not ours
    acknowledged_.emplace(*value, event.time);  // keeps the first acknowledgement
  }

  void finish(const FinalState& final_state) override {
    for (NodeId server : servers_) {
      if (!final_state.alive(server)) continue;  // a crashed server is forgiven until it restarts
      std::set<ValueId> held;
      for (const StoredValue& stored : stored_values(final_state.durable(server))) held.insert(stored.value);
      // Missing values, in order of acknowledgement, so the first lines are the oldest failures.
      std::vector<std::pair<TimeUs, ValueId>> missing;
      for (const auto& [value, acknowledged_at] : acknowledged_) {
        if (!held.count(value)) missing.emplace_back(acknowledged_at, value);
      }
      std::sort(missing.begin(), missing.end());
      std::size_t listed = std::min(missing.size(), kMissingValuesListedPerServer);
      for (std::size_t i = 0; i < listed; ++i) {
        report(missing[i].first, {server},
               node_name(server) + " never received value " + missing[i].second.to_string() +
                   " (acknowledged at " + format_time_seconds(missing[i].first) + ")");
      }
      if (missing.size() > listed) {
        std::size_t more = missing.size() - listed;
        report(final_state.end_us(), {server},
               node_name(server) + " is missing " + std::to_string(more) + " more acknowledged " +
                   (more == 1 ? "value" : "values") + " (" + std::to_string(missing.size()) + " of " +
                   std::to_string(acknowledged_.size()) + " in all)");
      }
    }
  }

 private:
  std::vector<NodeId> servers_;
  std::map<ValueId, TimeUs> acknowledged_;  // value -> when a client first saw it acknowledged
};

// Every value any server holds must have been invoked by a client. Crashed servers count too:
// what is on their disk is what they would serve after a restart.
class NoInventionChecker final : public Checker {
 public:
  explicit NoInventionChecker(std::vector<NodeId> servers)
      : Checker(std::string(kCheckNoInvention)), servers_(std::move(servers)) {}

  void on_history(const HistoryEvent& event) override {
    if (event.op == "broadcast" && event.kind == HistoryEvent::Kind::invoke) broadcast_.insert(event.value);
  }

  void finish(const FinalState& final_state) override {
    for (NodeId server : servers_) {
      // Raw keys rather than stored_values(): a value with a malformed name is invented too.
      const DurableEntries& entries = final_state.durable(server);
      for (auto it = entries.lower_bound(view::kDurableValuePrefix); it != entries.end(); ++it) {
        std::string_view key = it->first;
        if (key.substr(0, view::kDurableValuePrefix.size()) != view::kDurableValuePrefix) break;
        std::string name(key.substr(view::kDurableValuePrefix.size()));
        if (broadcast_.count(name)) continue;
        std::optional<TimeUs> first_seen = first_seen_time(it->second);
        report(first_seen.value_or(final_state.end_us()), {server},
               node_name(server) + " holds value " + name +
                   (first_seen ? " (first seen at " + format_time_seconds(*first_seen) + ")" : std::string()) +
                   " that no client ever broadcast");
      }
    }
  }

 private:
  // The second number of "<origin_us> <first_seen_us>", when readable.
  static std::optional<TimeUs> first_seen_time(std::string_view text) {
    std::size_t space = text.find(' ');
    if (space == std::string_view::npos) return std::nullopt;
    TimeUs time = 0;
    auto parsed = std::from_chars(text.data() + space + 1, text.data() + text.size(), time);
    if (parsed.ec != std::errc()) return std::nullopt;
    return time;
  }

  std::vector<NodeId> servers_;
  std::set<std::string> broadcast_;  // every value some client invoked
};

}  // namespace

std::unique_ptr<Checker> make_all_delivered_checker(std::vector<NodeId> servers) {
  return std::make_unique<AllDeliveredChecker>(std::move(servers));
}

std::unique_ptr<Checker> make_no_invention_checker(std::vector<NodeId> servers) {
  return std::make_unique<NoInventionChecker>(std::move(servers));
}

}  // namespace dsim::broadcast
