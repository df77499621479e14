// Dynamo's checkers (invariants.h). Both learn the puts from the client history: a put's invoke
// names its value ("c0-4") and its ok the record the coordinator made of it ("c0-4@1050000.1").
#include "sim/protocols/dynamo/invariants.h"

#include <algorithm>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "sim/protocols/dynamo/dynamo_node.h"
#include "sim/protocols/dynamo/version.h"
#include "sim/protocols/dynamo/workload.h"

namespace dsim::dynamo {
namespace {

// One put as the history tells it.
struct PutSeen {
  NodeId client = kNoNode;
  std::string key;
  TimeUs invoked_us = 0;
  std::optional<TimeUs> acknowledged_us;
  std::optional<Record> record;  // the version the coordinator gave it, once acknowledged
};

// The history's puts and the invocations still open, shared by both checkers.
class PutLedger {
 public:
  // Returns the invoke of a completed operation (nullopt for an invoke or an unknown completion).
  std::optional<HistoryEvent> take(const HistoryEvent& event) {
    auto id = std::make_pair(event.process, event.request_id);
    if (event.kind == HistoryEvent::Kind::invoke) {
      open_[id] = event;
      if (event.op == kOpPut) puts_[event.value] = PutSeen{event.process, event.key, event.time, std::nullopt, std::nullopt};
      return std::nullopt;
    }
    auto it = open_.find(id);
    if (it == open_.end()) return std::nullopt;
    HistoryEvent invoke = std::move(it->second);
    open_.erase(it);
    if (invoke.op == kOpPut && event.kind == HistoryEvent::Kind::ok) {
      PutSeen& put = puts_[invoke.value];
      put.acknowledged_us = event.time;
      put.record = parse_record(event.value);
    }
    return invoke;
  }
  const PutSeen* put(const std::string& value) const {
    auto it = puts_.find(value);
    return it == puts_.end() ? nullptr : &it->second;
  }
  const std::map<std::string, PutSeen>& puts() const { return puts_; }

 private:
  std::map<std::pair<NodeId, std::uint64_t>, HistoryEvent> open_;
  std::map<std::string, PutSeen> puts_;  // by value id
};

std::string at(TimeUs time) { return format_time_seconds(time); }

class StaleReadChecker final : public Checker {
 public:
  StaleReadChecker() : Checker(std::string(kCheckStaleRead)) {}

  void on_history(const HistoryEvent& event) override {
    std::optional<HistoryEvent> invoke = ledger_.take(event);
    if (!invoke || invoke->op != kOpGet || event.kind != HistoryEvent::Kind::ok) return;
    TimeUs began = invoke->time;
    std::optional<Record> read = event.value.empty() ? std::nullopt : parse_record(event.value);
    const PutSeen* read_put = read ? ledger_.put(read->value) : nullptr;
    // Only a version known to precede another can be called stale: the returned put must have
    // been acknowledged (or there must be none), else it may be concurrent with everything.
    if (read && (read_put == nullptr || !read_put->acknowledged_us)) return;
    std::vector<std::pair<TimeUs, std::string>> missed;  // (acknowledged at, value)
    for (const auto& [value, put] : ledger_.puts()) {
      if (put.key != invoke->key || !put.acknowledged_us || *put.acknowledged_us >= began) continue;
      if (read_put != nullptr && put.invoked_us <= *read_put->acknowledged_us) continue;
      missed.emplace_back(*put.acknowledged_us, value);
    }
    if (missed.empty()) return;
    std::sort(missed.begin(), missed.end());
    std::string got = read ? read->to_string() + " (acknowledged at " + at(*read_put->acknowledged_us) + ")"
                           : std::string("nothing");
    const auto& [newest_at, newest] = missed.back();
    const auto& [oldest_at, oldest] = missed.front();
    std::string message = node_name(event.process) + "'s get of " + invoke->key + " began at " + at(began) +
                          " and returned " + got + ": " + std::to_string(missed.size()) + " acknowledged " +
                          (missed.size() == 1 ? "version" : "versions") + " behind. ";
    if (missed.size() == 1) {
      message += "It missed " + newest + " (put by " + node_name(ledger_.put(newest)->client) +
                 "), acknowledged at " + at(newest_at) + ", " + format_duration(began - newest_at) +
                 " before the get began";
    } else {
      message += "The newest it missed, " + newest + " (put by " + node_name(ledger_.put(newest)->client) +
                 "), was acknowledged at " + at(newest_at) + "; the oldest, " + oldest + ", at " + at(oldest_at) +
                 ", " + format_duration(began - oldest_at) + " before the get began";
    }
    report(event.time, {event.process}, std::move(message));
  }

 private:
  PutLedger ledger_;
};

class LostWriteChecker final : public Checker {
 public:
  explicit LostWriteChecker(std::uint32_t servers) : Checker(std::string(kCheckLostWrite)), servers_(servers) {}

  void on_history(const HistoryEvent& event) override {
    std::optional<HistoryEvent> invoke = ledger_.take(event);
    if (invoke && invoke->op == kOpGet && event.kind == HistoryEvent::Kind::ok && !event.value.empty()) {
      if (std::optional<Record> read = parse_record(event.value)) first_read_.emplace(read->value, event.time);
    }
  }

  void finish(const FinalState& final_state) override {
    // The key's winner: the newest version on any server, what a read of every replica returns.
    std::map<std::string, std::pair<Record, NodeId>> winners;
    for (NodeId server = 0; server < servers_ && server < final_state.node_count(); ++server) {
      for (auto& [key, record] : stored_records(final_state.durable(server))) {
        auto it = winners.find(key);
        if (it == winners.end() || record.version > it->second.first.version) winners[key] = {record, server};
      }
    }
    for (const auto& [value, put] : ledger_.puts()) {
      if (!put.acknowledged_us || !put.record) continue;
      auto winner = winners.find(put.key);
      if (winner == winners.end()) continue;
      const Record& won = winner->second.first;
      if (won.value == value) continue;
      const PutSeen* winner_put = ledger_.put(won.value);
      // Lost: the key ends at a put that was acknowledged before this one was even invoked.
      if (winner_put == nullptr || !winner_put->acknowledged_us || *winner_put->acknowledged_us >= put.invoked_us) continue;
      auto seen = first_read_.find(value);
      std::string coordinator = node_name(put.record->version.coordinator);
      std::string winner_coordinator = node_name(won.version.coordinator);
      std::string message =
          "put " + put.key + "=" + value + " by " + node_name(put.client) + ", acknowledged at " +
          at(*put.acknowledged_us) + " with timestamp " + at(put.record->version.stamp) + " from " + coordinator +
          "'s clock, was lost: the replicas end with the older " + won.value + ", acknowledged at " +
          at(*winner_put->acknowledged_us) + " before " + value + " began, whose timestamp " +
          at(won.version.stamp) + " from " + winner_coordinator + "'s clock is later (last-writer-wins trusted skewed clocks); " +
          (seen == first_read_.end() ? std::string("no get ever returned ") + value
                                     : "a get returned it at " + at(seen->second) + ", then it vanished");
      report(*put.acknowledged_us, {put.client, put.record->version.coordinator, won.version.coordinator},
             std::move(message));
    }
  }

 private:
  std::uint32_t servers_;
  PutLedger ledger_;
  std::map<std::string, TimeUs> first_read_;  // value -> when a get first returned it
};

}  // namespace

std::unique_ptr<Checker> make_stale_read_checker() { return std::make_unique<StaleReadChecker>(); }

std::unique_ptr<Checker> make_lost_write_checker(std::uint32_t servers) {
  return std::make_unique<LostWriteChecker>(servers);
}

}  // namespace dsim::dynamo
