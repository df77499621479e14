// hints_delivered and converged (replica_invariants.h): both judge the home replicas' durable
// records at the end of the run, against the key's preference list from the same ring.
#include "sim/protocols/dynamo/replica_invariants.h"

#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "sim/protocols/dynamo/dynamo_node.h"
#include "sim/protocols/dynamo/hinted_handoff.h"
#include "sim/protocols/dynamo/version.h"
#include "sim/protocols/dynamo/workload.h"

namespace dsim::dynamo {
namespace {

std::string held_text(const std::map<std::string, Record>& records, const std::string& key) {
  auto it = records.find(key);
  return it == records.end() ? std::string("nothing") : it->second.to_string();
}

class HintsDeliveredChecker final : public Checker {
 public:
  HintsDeliveredChecker(std::uint32_t servers, const DynamoParams& params)
      : Checker(std::string(kCheckHintsDelivered)), servers_(servers), params_(params) {}

  void on_history(const HistoryEvent& event) override {
    auto id = std::make_pair(event.process, event.request_id);
    if (event.kind == HistoryEvent::Kind::invoke) {
      if (event.op == kOpPut) open_puts_[id] = event.key;
      return;
    }
    auto it = open_puts_.find(id);
    if (it == open_puts_.end()) return;
    if (event.kind == HistoryEvent::Kind::ok) {
      if (std::optional<Record> record = parse_record(event.value)) {
        acknowledged_.push_back(Acknowledged{event.process, it->second, *record, event.time});
      }
    }
    open_puts_.erase(it);
  }

  void finish(const FinalState& final_state) override {
    std::uint32_t servers = std::min<std::uint32_t>(servers_, static_cast<std::uint32_t>(final_state.node_count()));
    std::vector<std::map<std::string, Record>> records(servers);
    std::vector<HintStore> hints(servers);
    for (NodeId server = 0; server < servers; ++server) {
      records[server] = stored_records(final_state.durable(server));
      hints[server] = HintStore::from_durable(final_state.durable(server));
    }
    hashring::HashRing ring = make_ring(servers_, params_.tokens, params_.ring_seed);
    for (const Acknowledged& put : acknowledged_) {
      for (NodeId home : preference_list(ring, put.key, params_.replicas)) {
        if (home >= servers) continue;
        auto held = records[home].find(put.key);
        if (held != records[home].end() && held->second.version >= put.record.version) continue;
        std::string where;
        for (NodeId stand_in = 0; stand_in < servers; ++stand_in) {
          auto for_home = hints[stand_in].by_home().find(home);
          if (for_home == hints[stand_in].by_home().end()) continue;
          auto hint = for_home->second.find(put.key);
          if (hint == for_home->second.end()) continue;
          where += (where.empty() ? "" : ", ") + node_name(stand_in) + " still holds a hint for it (" +
                   hint->second.to_string() + ")";
        }
        if (where.empty()) where = "no server holds a hint of " + put.key + " for " + node_name(home);
        report(final_state.end_us(), {put.client, home},
               "put " + put.key + "=" + put.record.to_string() + " by " + node_name(put.client) + ", acknowledged at " +
                   format_time_seconds(put.acknowledged_us) + ", never reached its home " + node_name(home) +
                   ", which ends holding " + held_text(records[home], put.key) + "; " + where);
      }
    }
  }

 private:
  struct Acknowledged {
    NodeId client = kNoNode;
    std::string key;
    Record record;
    TimeUs acknowledged_us = 0;
  };
  std::uint32_t servers_;
  DynamoParams params_;
  std::map<std::pair<NodeId, std::uint64_t>, std::string> open_puts_;  // -> key
  std::vector<Acknowledged> acknowledged_;
};

class ConvergedChecker final : public Checker {
 public:
  ConvergedChecker(std::uint32_t servers, const DynamoParams& params)
      : Checker(std::string(kCheckConverged)), servers_(servers), params_(params) {}

  void finish(const FinalState& final_state) override {
    std::uint32_t servers = std::min<std::uint32_t>(servers_, static_cast<std::uint32_t>(final_state.node_count()));
    std::vector<std::map<std::string, Record>> records(servers);
    std::set<std::string> keys;
    for (NodeId server = 0; server < servers; ++server) {
      records[server] = stored_records(final_state.durable(server));
      for (const auto& [key, record] : records[server]) keys.insert(key);
    }
    hashring::HashRing ring = make_ring(servers_, params_.tokens, params_.ring_seed);
    for (const std::string& key : keys) {
      std::vector<NodeId> homes = preference_list(ring, key, params_.replicas);
      std::set<std::string> distinct;
      std::string listing;
      for (NodeId home : homes) {
        if (home >= servers) continue;
        std::string held = held_text(records[home], key);
        distinct.insert(held);
        listing += (listing.empty() ? "" : ", ") + node_name(home) + " holds " + held;
      }
      if (distinct.size() <= 1) continue;
      report(final_state.end_us(), homes,
             "the replicas of " + key + " did not converge: at the end (" + format_time_seconds(final_state.end_us()) +
                 ") " + listing);
    }
  }

 private:
  std::uint32_t servers_;
  DynamoParams params_;
};

}  // namespace

std::unique_ptr<Checker> make_hints_delivered_checker(std::uint32_t servers, const DynamoParams& params) {
  return std::make_unique<HintsDeliveredChecker>(servers, params);
}

std::unique_ptr<Checker> make_converged_checker(std::uint32_t servers, const DynamoParams& params) {
  return std::make_unique<ConvergedChecker>(servers, params);
}

}  // namespace dsim::dynamo
