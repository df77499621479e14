// all_informed (invariants.h). What a site knows is read from its durable storage at the end: a
// site persists an update before it acknowledges or passes it on and never forgets one, so its
// storage is exactly what it knows (and, for a crashed site, what it would know after a restart).
#include "sim/protocols/gossip/invariants.h"

#include <charconv>
#include <map>
#include <set>
#include <string>
#include <utility>

#include "sim/protocols/gossip/gossip_node.h"
#include "sim/protocols/gossip/view.h"

namespace dsim::gossip {
namespace {

class AllInformedChecker final : public Checker {
 public:
  explicit AllInformedChecker(std::vector<NodeId> sites) : Checker(std::string(kCheckAllInformed)), sites_(std::move(sites)) {}

  void on_history(const HistoryEvent& event) override {
    if (event.op != view::kOpInject || event.kind != HistoryEvent::Kind::ok) return;
    if (std::optional<UpdateId> id = parse_update_name(event.value)) acknowledged_.emplace(*id, event.time);
  }

  void finish(const FinalState& final_state) override {
    std::map<UpdateId, std::vector<NodeId>> missed;  // update -> live sites that never heard it
    std::size_t live = 0;
    for (NodeId site : sites_) {
      if (!final_state.alive(site)) continue;  // a crashed site is forgiven until it restarts
      ++live;
      std::set<UpdateId> known;
      for (const StoredUpdate& stored : stored_updates(final_state.durable(site))) known.insert(stored.id);
      for (const auto& [update, acknowledged_at] : acknowledged_) {
        if (!known.count(update)) missed[update].push_back(site);
      }
    }
    for (const auto& [update, sites] : missed) {
      TimeUs acknowledged_at = acknowledged_.at(update);
      char buffer[32];
      auto written = std::to_chars(buffer, buffer + sizeof buffer, static_cast<double>(sites.size()) / static_cast<double>(live),
                                   std::chars_format::general, 4);
      std::string residue(buffer, written.ptr);
      std::string names;
      std::vector<NodeId> named;
      for (std::size_t i = 0; i < sites.size() && i < kMissedSitesNamed; ++i) {
        names += (i == 0 ? "" : ", ") + node_name(sites[i]);
        named.push_back(sites[i]);
      }
      if (sites.size() > kMissedSitesNamed) names += " and " + std::to_string(sites.size() - kMissedSitesNamed) + " more";
      report(final_state.end_us(), std::move(named),
             "update " + update_name(update) + " (acknowledged at " + format_time_seconds(acknowledged_at) +
                 ") never reached " + std::to_string(sites.size()) + " of " + std::to_string(live) +
                 " live sites: residue " + residue + " (" + names + ")");
    }
  }

 private:
  std::vector<NodeId> sites_;
  std::map<UpdateId, TimeUs> acknowledged_;  // update -> when its origin acknowledged it
};

}  // namespace

std::unique_ptr<Checker> make_all_informed_checker(std::vector<NodeId> sites) {
  return std::make_unique<AllInformedChecker>(std::move(sites));
}

}  // namespace dsim::gossip
