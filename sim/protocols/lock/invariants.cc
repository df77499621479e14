// mutual_exclusion (invariants.h). Kleppmann (2016) puts the safety property where the harm is
// done: whatever any client believes about its lease, the resource must never apply a write of an
// older lease after one of a newer lease. Tokens are granted in increasing order, so "older" is
// "smaller token".
#include "sim/protocols/lock/invariants.h"

#include <charconv>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "sim/protocols/lock/params.h"
#include "sim/protocols/lock/view.h"

namespace dsim::lock {
namespace {

std::optional<std::uint64_t> parse_number(std::string_view text) {
  std::uint64_t number = 0;
  auto parsed = std::from_chars(text.data(), text.data() + text.size(), number);
  if (parsed.ec != std::errc() || parsed.ptr != text.data() + text.size()) return std::nullopt;
  return number;
}

class MutualExclusionChecker final : public Checker {
 public:
  MutualExclusionChecker() : Checker(std::string(kCheckMutualExclusion)) {}

  void on_history(const HistoryEvent& event) override {
    if (event.kind != HistoryEvent::Kind::ok) return;
    std::optional<std::uint64_t> node = parse_number(event.key);
    std::optional<std::uint64_t> token = parse_number(event.value);
    if (!node || !token) return;
    NodeId who = static_cast<NodeId>(*node);
    if (event.op == view::kHistoryGrant) granted_[*token].push_back(Grant{who, event.time});
    if (event.op == view::kHistoryWrite) on_applied_write(event.time, event.process, who, *token);
  }

 private:
  struct Grant {
    NodeId holder = kNoNode;
    TimeUs at_us = 0;
  };
  struct AppliedWrite {
    NodeId writer = kNoNode;
    std::uint64_t token = 0;
    TimeUs at_us = 0;
  };

  void on_applied_write(TimeUs time, NodeId resource, NodeId writer, std::uint64_t token) {
    auto first_user = first_writer_.emplace(token, writer).first;
    if (first_user->second != writer && reported_shared_.insert(token).second) {
      report(time, {resource, first_user->second, writer},
             node_name(resource) + " (the resource) applied writes with token " + std::to_string(token) +
                 " from two clients, " + node_name(first_user->second) + " and " + node_name(writer) +
                 ": the lock service handed out the same token twice (token " + std::to_string(token) +
                 granted_text(token) + ")");
    }
    if (newest_ && token < newest_->token) {
      // One report per pair of leases, not one per write: the first stale write says it all.
      if (reported_pairs_.insert({token, newest_->token}).second) {
        report(time, {resource, writer, newest_->writer},
               node_name(resource) + " (the resource) applied " + node_name(writer) + "'s write with token " +
                   std::to_string(token) + " at " + format_time_seconds(time) + " after applying " +
                   node_name(newest_->writer) + "'s write with token " + std::to_string(newest_->token) + " at " +
                   format_time_seconds(newest_->at_us) + ": two clients acted as lock holder at once (token " +
                   std::to_string(token) + granted_text(token) + "; token " + std::to_string(newest_->token) +
                   granted_text(newest_->token) + ")");
      }
      return;
    }
    if (!newest_ || token > newest_->token) newest_ = AppliedWrite{writer, token, time};
  }

  std::string granted_text(std::uint64_t token) const {
    auto it = granted_.find(token);
    if (it == granted_.end()) return " was never granted in this run";
    std::string text = " was granted";
    for (std::size_t i = 0; i < it->second.size(); ++i) {
      text += std::string(i == 0 ? " to " : " and to ") + node_name(it->second[i].holder) + " at " +
              format_time_seconds(it->second[i].at_us);
    }
    return text;
  }

  std::map<std::uint64_t, std::vector<Grant>> granted_;          // token -> its grants (one, unless broken)
  std::map<std::uint64_t, NodeId> first_writer_;                 // token -> first client that wrote under it
  std::optional<AppliedWrite> newest_;                           // the applied write with the highest token
  std::set<std::pair<std::uint64_t, std::uint64_t>> reported_pairs_;  // (stale token, newer token)
  std::set<std::uint64_t> reported_shared_;                      // tokens reported as used by two clients
};

}  // namespace

std::unique_ptr<Checker> make_mutual_exclusion_checker() { return std::make_unique<MutualExclusionChecker>(); }

}  // namespace dsim::lock
