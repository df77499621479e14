// Sharding's checkers (invariants.h).
//
// Which copy of a bucket is "the service's state" at the end: a server's durable storage says
// whether it holds a bucket (owned, or sending it on) and since which configuration. The copy that
// counts is the one held under the highest configuration number, an owned copy before a sending
// one of the same number (the receiver has installed it; the sender is waiting for the
// acknowledgement). A correct hand-off keeps that copy complete: every acknowledged append in it,
// once. A copy still "awaiting" holds nothing. A value counts only under a key that the holding
// server's own map (its durable "map") routes to that bucket: a value left in a bucket its key no
// longer belongs to (a split that forgot to move it) is stored but unreachable, so lost.
#include "sim/protocols/sharding/invariants.h"

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <utility>

#include "sim/protocols/sharding/bucket_state.h"
#include "sim/protocols/sharding/view.h"

namespace dsim::sharding {
namespace {

struct Append {
  std::string key;
  std::string value;
  NodeId client = kNoNode;
  TimeUs invoked_us = 0;
  std::optional<TimeUs> acknowledged_us;
  std::string acknowledged_by;  // "n2@3": the server and the configuration it was in
};

// Appends by value, filled from the history; shared by both checkers.
class AppendLedger {
 public:
  void on_history(const HistoryEvent& event) {
    std::pair<NodeId, std::uint64_t> id{event.process, event.request_id};
    if (event.kind == HistoryEvent::Kind::invoke) {
      if (event.op == "append") {
        appends_[event.value] = Append{event.key, event.value, event.process, event.time, std::nullopt, ""};
        by_request_[id] = event.value;
      }
      return;
    }
    auto it = by_request_.find(id);
    if (it == by_request_.end()) return;
    if (event.kind == HistoryEvent::Kind::ok) {
      Append& append = appends_.at(it->second);
      append.acknowledged_us = event.time;
      append.acknowledged_by = event.value;
    }
    by_request_.erase(it);
  }
  const std::map<std::string, Append>& appends() const { return appends_; }

 private:
  std::map<std::string, Append> appends_;                            // by value
  std::map<std::pair<NodeId, std::uint64_t>, std::string> by_request_;  // in flight: request -> value
};

std::string describe_ack(const Append& append) {
  std::string by = append.acknowledged_by;
  std::size_t at = by.find('@');
  std::string where = at == std::string::npos ? by : by.substr(0, at) + " in configuration " + by.substr(at + 1);
  return "acknowledged at " + format_time_seconds(*append.acknowledged_us) + " by " + where;
}

class WritesExactlyOnceChecker final : public Checker {
 public:
  WritesExactlyOnceChecker(std::vector<NodeId> servers, KeySpace key_space)
      : Checker(std::string(kCheckWritesExactlyOnce)), servers_(std::move(servers)), key_space_(key_space) {}

  void on_history(const HistoryEvent& event) override { ledger_.on_history(event); }

  void finish(const FinalState& final_state) override {
    // The copy of each bucket that counts (see the top of the file).
    struct Copy {
      NodeId server = kNoNode;
      BucketState state;
      const KeyValues* data = nullptr;
    };
    std::map<NodeId, StoredShard> stored;
    std::map<NodeId, ShardMap> maps;  // each server's own configuration, as on its disk
    ShardMap latest;                  // the highest of them, to name a key's bucket
    for (NodeId server : servers_) {
      const DurableEntries& entries = final_state.durable(server);
      stored[server] = read_stored_shard(entries);
      auto map = entries.find(std::string(view::kDurableMap));
      if (map == entries.end()) continue;
      if (std::optional<ShardMap> decoded = ShardMap::decode(map->second)) {
        if (decoded->number >= latest.number) latest = *decoded;
        maps[server] = std::move(*decoded);
      }
    }
    auto routes_to = [&](NodeId server, std::string_view key, std::uint32_t bucket) {
      auto map = maps.find(server);
      return (map == maps.end() ? key_space_.bucket_of(key) : map->second.bucket_of(key_space_, key)) == bucket;
    };
    std::map<std::uint32_t, Copy> copies;
    static const KeyValues kEmpty;
    for (const auto& [server, shard] : stored) {
      for (const auto& [bucket, state] : shard.buckets) {
        if (state.kind == BucketState::Kind::awaiting) continue;
        auto data = shard.data.find(bucket);
        Copy copy{server, state, data == shard.data.end() ? &kEmpty : &data->second};
        auto [it, fresh] = copies.emplace(bucket, copy);
        bool newer = state.config > it->second.state.config ||
                     (state.config == it->second.state.config && state.kind == BucketState::Kind::owned &&
                      it->second.state.kind != BucketState::Kind::owned);
        if (!fresh && newer) it->second = copy;
      }
    }
    auto describe_copy = [&](std::uint32_t bucket) -> std::string {
      auto it = copies.find(bucket);
      if (it == copies.end()) return "no server holds bucket " + std::to_string(bucket);
      const Copy& copy = it->second;
      return "bucket " + std::to_string(bucket) + " is held by " + node_name(copy.server) +
             (copy.state.kind == BucketState::Kind::owned ? " (owned since configuration "
                                                          : " (being sent on, configuration ") +
             std::to_string(copy.state.config) + ")";
    };
    // Count every value in the copies that count.
    std::map<std::string, std::vector<std::string>> found;  // value -> the keys holding it
    std::map<std::string, std::string> stranded;             // value -> where it sits unreachable
    for (const auto& [bucket, copy] : copies) {
      for (const auto& [key, values] : *copy.data) {
        if (!routes_to(copy.server, key, bucket)) {  // unreachable: see the top of the file
          for (const std::string& value : values) {
            stranded[value] = "; it is stranded in bucket " + std::to_string(bucket) + " on " + node_name(copy.server) +
                              ", where that server's map no longer routes " + key;
          }
          continue;
        }
        for (const std::string& value : values) found[value].push_back(key);
      }
    }
    for (const auto& [value, append] : ledger_.appends()) {
      auto it = found.find(value);
      std::size_t count = it == found.end() ? 0 : it->second.size();
      std::uint32_t bucket = latest.bucket_of(key_space_, append.key);
      if (append.acknowledged_us && count == 0) {
        report(*append.acknowledged_us, {append.client},
               "lost write: append " + value + " to " + append.key + " by " + node_name(append.client) + " (invoked at " +
                   format_time_seconds(append.invoked_us) + ", " + describe_ack(append) + ") is missing from the final state; " +
                   describe_copy(bucket) + (stranded.count(value) ? stranded.at(value) : std::string()));
      } else if (count > 1) {
        report(append.acknowledged_us.value_or(final_state.end_us()), {append.client},
               "duplicated write: append " + value + " to " + append.key + " by " + node_name(append.client) +
                   " (invoked at " + format_time_seconds(append.invoked_us) +
                   (append.acknowledged_us ? ", " + describe_ack(append) : std::string(", never acknowledged")) +
                   ") is present " + std::to_string(count) + " times; " + describe_copy(bucket));
      }
    }
    for (const auto& [value, keys] : found) {
      if (ledger_.appends().count(value)) continue;
      report(final_state.end_us(), {},
             "invented write: value " + value + " in " + keys.front() + " was never sent by any client; " +
                 describe_copy(latest.bucket_of(key_space_, keys.front())));
    }
  }

 private:
  std::vector<NodeId> servers_;
  KeySpace key_space_;
  AppendLedger ledger_;
};

// A read must see every append to its key acknowledged before the read was invoked: once a
// client has been told "stored", nobody may read the key without it (the hand-off must not open a
// window in which a server without the data answers).
class ReadsSeeWritesChecker final : public Checker {
 public:
  ReadsSeeWritesChecker() : Checker(std::string(kCheckReadsSeeWrites)) {}

  void on_history(const HistoryEvent& event) override {
    ledger_.on_history(event);
    std::pair<NodeId, std::uint64_t> id{event.process, event.request_id};
    if (event.op != "get") return;
    if (event.kind == HistoryEvent::Kind::invoke) {
      reads_[id] = event.time;
      return;
    }
    auto read = reads_.find(id);
    if (read == reads_.end()) return;
    TimeUs invoked_us = read->second;
    reads_.erase(read);
    if (event.kind != HistoryEvent::Kind::ok) return;
    std::set<std::string> seen = split_into_set(event.value);
    std::vector<const Append*> missed;
    for (const auto& [value, append] : ledger_.appends()) {
      if (append.key == event.key && append.acknowledged_us && *append.acknowledged_us < invoked_us && !seen.count(value)) {
        missed.push_back(&append);
      }
    }
    if (missed.empty()) return;
    const Append& first = *missed.front();
    report(event.time, {event.process},
           "stale read: get " + event.key + " by " + node_name(event.process) + " (invoked at " +
               format_time_seconds(invoked_us) + ", answered at " + format_time_seconds(event.time) + " with " +
               std::to_string(seen.size()) + (seen.size() == 1 ? " value" : " values") + ") misses append " + first.value +
               " (" + describe_ack(first) + ")" +
               (missed.size() > 1 ? " and " + std::to_string(missed.size() - 1) + " more acknowledged before it" : std::string()));
  }

 private:
  static std::set<std::string> split_into_set(const std::string& text) {
    std::vector<std::string> values = split_values(text);
    return std::set<std::string>(values.begin(), values.end());
  }

  AppendLedger ledger_;
  std::map<std::pair<NodeId, std::uint64_t>, TimeUs> reads_;  // gets in flight -> invoked at
};

}  // namespace

std::unique_ptr<Checker> make_writes_exactly_once_checker(std::vector<NodeId> shard_servers, KeySpace key_space) {
  return std::make_unique<WritesExactlyOnceChecker>(std::move(shard_servers), key_space);
}

std::unique_ptr<Checker> make_reads_see_writes_checker() { return std::make_unique<ReadsSeeWritesChecker>(); }

}  // namespace dsim::sharding
