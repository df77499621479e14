// The cache protocol's checkers (invariants.h). Sections: reading the records; stale_read; slo;
// no_lost_writes.
#include "sim/protocols/cache/invariants.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "sim/protocols/cache/history_text.h"
#include "sim/protocols/cache/staleness.h"
#include "sim/protocols/cache/view.h"

namespace dsim::cache {
namespace {

// ---------------------------------------------------------------- reading the records

using OperationId = std::pair<NodeId, std::uint64_t>;  // (client, request id)

bool is_client_op(const HistoryEvent& event) { return event.op == view::kOpRead || event.op == view::kOpWrite; }

// "n2" -> node 2, "db" -> the database, as a read's value names the node that served it.
NodeId served_by(std::string_view value) {
  std::string_view detail = value_detail(value);
  if (detail.size() >= 2 && detail[0] == 'n') {
    NodeId node = 0;
    for (char c : detail.substr(1)) {
      if (c < '0' || c > '9') return kNoNode;
      node = node * 10 + static_cast<NodeId>(c - '0');
    }
    return node;
  }
  return kNoNode;
}

// A whole number of tenths as "12.3" (no stdio under sim/protocols: tests/purity).
std::string tenths(std::int64_t count) {
  std::string sign = count < 0 ? "-" : "";
  if (count < 0) count = -count;
  return sign + std::to_string(count / 10) + "." + std::to_string(count % 10);
}

// "250ms", "272.3ms".
std::string milliseconds(DurationUs us) {
  if (us % kMillisecond == 0) return std::to_string(us / kMillisecond) + "ms";
  return tenths((us + (us >= 0 ? 50 : -50)) / 100) + "ms";
}

// "12.3%".
std::string percent(double fraction) { return tenths(std::llround(1000.0 * fraction)) + "%"; }

// ---------------------------------------------------------------- stale_read

class StaleReadChecker final : public Checker {
 public:
  explicit StaleReadChecker(DurationUs bound_us) : Checker(std::string(kCheckStaleRead)), judge_(bound_us) {}

  void on_history(const HistoryEvent& event) override {
    if (event.op == view::kOpCommit && event.kind == HistoryEvent::Kind::ok) {
      if (auto version = parse_version(event.value)) judge_.committed(event.key, *version, event.time);
    } else if (event.op == view::kOpCacheSet) {
      if (auto version = parse_version(event.value)) {
        judge_.cache_set(event.key, event.process, *version, event.time, event.kind == HistoryEvent::Kind::ok,
                         served_by(event.value));
      }
    } else if (event.op == view::kOpCacheDelete) {
      if (auto version = parse_version(event.value)) judge_.cache_delete(event.key, event.process, *version, event.time);
    } else if (event.op == view::kOpWrite && event.kind == HistoryEvent::Kind::ok) {
      if (auto version = parse_version(event.value)) judge_.acknowledged(event.key, *version, event.time, event.process);
    } else if (event.op == view::kOpRead) {
      OperationId id{event.process, event.request_id};
      if (event.kind == HistoryEvent::Kind::invoke) {
        invoked_[id] = event.time;
        return;
      }
      auto invoked = invoked_.find(id);
      if (invoked == invoked_.end()) return;
      TimeUs invoked_us = invoked->second;
      invoked_.erase(invoked);
      if (event.kind != HistoryEvent::Kind::ok) return;
      if (auto version = parse_version(event.value)) {
        judge_.read(event.key, *version, invoked_us, event.time, event.process, served_by(event.value));
      }
    }
  }

  void finish(const FinalState&) override {
    for (const StaleEpisode& episode : judge_.episodes()) {
      std::string source = episode.served_by == kNoNode ? "the database" : node_name(episode.served_by);
      std::string message = "key " + episode.key + ": " + std::to_string(episode.reads) + " read" +
                            (episode.reads == 1 ? "" : "s") + " returned version " + std::to_string(episode.returned);
      if (episode.reads > 1) {
        message += " (from " + format_time_seconds(episode.first_returned_us) + " to " +
                   format_time_seconds(episode.last_returned_us) + ")";
      }
      std::string how = episode.newer_writer == kNoNode ? std::string("committed by the database")
                                                        : "acknowledged to " + node_name(episode.newer_writer);
      message += ", but version " + std::to_string(episode.newer) + " was " + how + " at " +
                 format_time_seconds(episode.newer_known_us) + ", more than the bound of " +
                 milliseconds(judge_.bound_us()) + " before; the first, " + node_name(episode.first_reader) +
                 "'s read invoked at " + format_time_seconds(episode.first_invoked_us) + " (" +
                 milliseconds(episode.first_invoked_us - episode.newer_known_us) + " after), came from " + source;
      if (episode.stale_set_us && episode.delete_before_set_us) {
        message += ". How it got there: " + source + " deleted " + episode.key + " at " +
                   format_time_seconds(*episode.delete_before_set_us) + " (the delete for version " +
                   std::to_string(episode.delete_version) + "), then stored " + (episode.stale_setter == kNoNode ? std::string("a") : node_name(episode.stale_setter) + "'s") +
                   " set of version " + std::to_string(episode.returned) + " at " + format_time_seconds(*episode.stale_set_us) + ", " +
                   milliseconds(*episode.stale_set_us - *episode.delete_before_set_us) +
                   " later: a value read from the database before the write, set after its delete (a stale set)";
      } else if (episode.stale_set_us) {
        message += ". It was set there at " + format_time_seconds(*episode.stale_set_us);
      }
      std::vector<NodeId> nodes{episode.first_reader};
      if (episode.served_by != kNoNode) nodes.push_back(episode.served_by);
      report(episode.first_invoked_us, std::move(nodes), std::move(message));
    }
  }

 private:
  StalenessJudge judge_;
  std::map<OperationId, TimeUs> invoked_;  // reads in flight
};

// ---------------------------------------------------------------- slo

class SloChecker final : public Checker {
 public:
  explicit SloChecker(SloParams slo) : Checker(std::string(kCheckSlo)), slo_(slo) {}

  void on_history(const HistoryEvent& event) override {
    if (!is_client_op(event)) return;
    OperationId id{event.process, event.request_id};
    if (event.kind == HistoryEvent::Kind::invoke) {
      invoked_[id] = event.time;
      return;
    }
    auto invoked = invoked_.find(id);
    if (invoked == invoked_.end()) return;
    TimeUs started = invoked->second;
    invoked_.erase(invoked);
    Second& second = seconds_[event.time / kSecond];
    ++second.operations;
    if (event.kind == HistoryEvent::Kind::ok) {
      latencies_.push_back({event.time - started, event.process, event.key, event.op, started});
      return;
    }
    ++second.failed;
    ++(event.op == view::kOpRead ? failed_reads_ : failed_writes_);
  }

  void on_state(TimeUs time, NodeId node, std::string_view key, std::string_view value) override {
    // The database's queue, as evidence of why operations failed.
    if (node != kDatabaseNode || key != view::kQueue.name || value.empty()) return;
    std::int64_t queue = std::atoll(std::string(value).c_str());
    if (queue > queue_peak_) {
      queue_peak_ = queue;
      queue_peak_us_ = time;
    }
  }

  void finish(const FinalState& final_state) override {
    std::int64_t failed = failed_reads_ + failed_writes_;
    std::int64_t operations = failed + static_cast<std::int64_t>(latencies_.size());
    if (operations == 0) return;
    double rate = static_cast<double>(failed) / static_cast<double>(operations);
    std::string queue = queue_peak_ > 0 ? "; the database queue peaked at " + std::to_string(queue_peak_) +
                                              " waiting at " + format_time_seconds(queue_peak_us_)
                                        : std::string();
    if (rate > slo_.error_rate) {
      auto worst = std::max_element(seconds_.begin(), seconds_.end(), [](const auto& a, const auto& b) {
        return a.second.failed < b.second.failed;
      });
      report(worst->first * kSecond, {},
             "error rate " + percent(rate) + " (" + std::to_string(failed) + " of " + std::to_string(operations) +
                 " operations failed: " + std::to_string(failed_reads_) + " reads, " + std::to_string(failed_writes_) +
                 " writes) is above the objective of " + percent(slo_.error_rate) + "; the worst second, " +
                 format_time_seconds(worst->first * kSecond) + " to " + format_time_seconds((worst->first + 1) * kSecond) +
                 ", had " + std::to_string(worst->second.failed) + " failures in " +
                 std::to_string(worst->second.operations) + " operations" + queue);
    }
    if (latencies_.empty()) return;
    std::vector<DurationUs> sorted;
    for (const Latency& latency : latencies_) sorted.push_back(latency.us);
    std::sort(sorted.begin(), sorted.end());
    DurationUs p99 = sorted[(sorted.size() * 99 + 99) / 100 - 1];
    if (p99 > slo_.p99_us) {
      const Latency& slowest = *std::max_element(latencies_.begin(), latencies_.end(),
                                                 [](const Latency& a, const Latency& b) { return a.us < b.us; });
      report(slowest.started_us, {slowest.client},
             "p99 latency " + milliseconds(p99) + " of " + std::to_string(sorted.size()) +
                 " successful operations is above the objective of " + milliseconds(slo_.p99_us) + "; the slowest, " +
                 node_name(slowest.client) + "'s " + slowest.op + " of " + slowest.key + ", took " +
                 milliseconds(slowest.us) + " from " + format_time_seconds(slowest.started_us) + queue);
    }
    (void)final_state;
  }

 private:
  struct Second {
    std::int64_t operations = 0;
    std::int64_t failed = 0;
  };
  struct Latency {
    DurationUs us = 0;
    NodeId client = kNoNode;
    std::string key;
    std::string op;
    TimeUs started_us = 0;
  };

  SloParams slo_;
  std::map<OperationId, TimeUs> invoked_;
  std::map<std::int64_t, Second> seconds_;  // by whole second of completion
  std::vector<Latency> latencies_;           // successful operations
  std::int64_t failed_reads_ = 0;
  std::int64_t failed_writes_ = 0;
  std::int64_t queue_peak_ = 0;
  TimeUs queue_peak_us_ = 0;
};

// ---------------------------------------------------------------- no_lost_writes

class NoLostWritesChecker final : public Checker {
 public:
  NoLostWritesChecker(DurationUs grace_us, Placement placement)
      : Checker(std::string(kCheckNoLostWrites)), grace_us_(grace_us), placement_(std::move(placement)) {}

  void on_history(const HistoryEvent& event) override {
    if (event.op == view::kOpCommit && event.kind == HistoryEvent::Kind::ok) {
      // "v7 c1#17,c2#5": one commit can stand for several writes (write-behind coalesces them).
      std::string_view origins = value_detail(event.value);
      while (!origins.empty()) {
        std::size_t comma = origins.find(',');
        committed_.insert(std::string(origins.substr(0, comma)));
        origins = comma == std::string_view::npos ? std::string_view() : origins.substr(comma + 1);
      }
    } else if (event.op == view::kOpWrite && event.kind == HistoryEvent::Kind::ok) {
      Acknowledged write;
      write.key = event.key;
      write.version = parse_version(event.value).value_or(0);
      write.time_us = event.time;
      write.client = event.process;
      std::uint32_t client_index = static_cast<std::uint32_t>(event.process - run_info().servers);
      acknowledged_.emplace(write_origin(client_index, event.request_id), std::move(write));
    }
  }

  void on_fault(TimeUs time, const FaultEvent& fault) override {
    if (fault.kind != fault_kind::kCrash) return;
    for (NodeId node : fault.nodes) crashes_.push_back({time, node});
  }

  void finish(const FinalState& final_state) override {
    std::set<std::string> journaled;
    for (NodeId node = 0; node < final_state.node_count(); ++node) {
      const DurableEntries& entries = final_state.durable(node);
      for (auto it = entries.lower_bound(view::kDurableJournalPrefix); it != entries.end(); ++it) {
        if (std::string_view(it->first).substr(0, view::kDurableJournalPrefix.size()) != view::kDurableJournalPrefix) break;
        std::string_view text = it->second;
        std::size_t last_space = text.rfind(' ');
        if (last_space != std::string_view::npos) journaled.insert(std::string(text.substr(last_space + 1)));
      }
    }
    std::vector<std::pair<TimeUs, std::string>> lost;
    for (const auto& [origin, write] : acknowledged_) {
      if (committed_.count(origin) || journaled.count(origin)) continue;
      if (write.time_us + grace_us_ >= final_state.end_us()) continue;  // may still be on its way
      lost.emplace_back(write.time_us, origin);
    }
    std::sort(lost.begin(), lost.end());
    for (const auto& [time, origin] : lost) {
      const Acknowledged& write = acknowledged_.at(origin);
      std::string message = node_name(write.client) + "'s write of " + write.key + " (version " +
                            std::to_string(write.version) + ", acknowledged at " + format_time_seconds(write.time_us) +
                            ") never reached the database and is in no journal";
      std::vector<NodeId> nodes{write.client};
      std::optional<KeyId> key = parse_key_name(write.key);
      NodeId owner = key ? placement_.holders(*key, 0).front() : kNoNode;
      for (const auto& [crash_us, node] : crashes_) {
        if (crash_us < write.time_us || node != owner) continue;
        message += ": " + node_name(node) + " crashed at " + format_time_seconds(crash_us) +
                   " with it still in its write buffer";
        nodes.push_back(node);
        break;
      }
      report(write.time_us, std::move(nodes), std::move(message));
    }
  }

 private:
  struct Acknowledged {
    std::string key;
    Version version = 0;
    TimeUs time_us = 0;
    NodeId client = kNoNode;
  };
  DurationUs grace_us_;
  Placement placement_;                               // whose buffer a key's writes wait in
  std::set<std::string> committed_;                   // origins the database committed
  std::map<std::string, Acknowledged> acknowledged_;  // origin -> the acknowledged write
  std::vector<std::pair<TimeUs, NodeId>> crashes_;
};

}  // namespace

std::unique_ptr<Checker> make_stale_read_checker(DurationUs bound_us) { return std::make_unique<StaleReadChecker>(bound_us); }
std::unique_ptr<Checker> make_slo_checker(SloParams slo) { return std::make_unique<SloChecker>(slo); }
std::unique_ptr<Checker> make_no_lost_writes_checker(DurationUs grace_us, Placement placement) {
  return std::make_unique<NoLostWritesChecker>(grace_us, std::move(placement));
}

}  // namespace dsim::cache
