// Causal broadcast's checks (see invariants.h).
#include "sim/protocols/causal/invariants.h"

#include <algorithm>
#include <charconv>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "sim/protocols/causal/view.h"

namespace dsim::causal {
namespace {

struct MessageName {
  NodeId origin = 0;
  std::uint64_t sequence = 0;
  auto operator<=>(const MessageName&) const = default;
};

// "2#5" -> {2, 5}; nothing for a key that is not one.
std::optional<MessageName> parse_key(std::string_view key, std::uint32_t members) {
  std::size_t hash = key.find('#');
  if (hash == std::string_view::npos) return std::nullopt;
  MessageName name;
  auto origin = std::from_chars(key.data(), key.data() + hash, name.origin);
  auto sequence = std::from_chars(key.data() + hash + 1, key.data() + key.size(), name.sequence);
  if (origin.ec != std::errc() || origin.ptr != key.data() + hash || sequence.ec != std::errc() ||
      sequence.ptr != key.data() + key.size() || name.origin >= members || name.sequence == 0) {
    return std::nullopt;
  }
  return name;
}

// The records both checks read, as they happen.
class MemberRecords : public Checker {
 public:
  MemberRecords(std::string name, std::uint32_t members) : Checker(std::move(name)), members_(members) {}

  void on_history(const HistoryEvent& event) override {
    if (event.kind != HistoryEvent::Kind::info || event.process >= members_) return;
    std::optional<MessageName> message = parse_key(event.key, members_);
    if (!message) return;
    if (event.op == view::kOpPost) on_post(event.time, event.process, *message);
    if (event.op == view::kOpDeliver) on_deliver(event.time, event.process, *message);
  }

 protected:
  virtual void on_post(TimeUs time, NodeId member, const MessageName& message) = 0;
  virtual void on_deliver(TimeUs time, NodeId member, const MessageName& message) = 0;
  std::string describe(const MessageName& message) const {
    return node_name(message.origin) + "'s message " + std::to_string(message.sequence);
  }
  std::uint32_t members_;
};

class CausalDeliveryChecker final : public MemberRecords {
 public:
  explicit CausalDeliveryChecker(std::uint32_t members)
      : MemberRecords(std::string(kCheckCausalDelivery), members),
        seen_(members, std::vector<std::uint64_t>(members, 0)),
        delivered_(members, std::vector<std::set<std::uint64_t>>(members)) {}

 private:
  // past_[m][s]: the highest sequence of member s's messages in m's causal past. A member's own
  // messages are in program order, so its k-th message's past holds its 1st..(k-1)-th: a count
  // per member describes the whole past.
  std::map<MessageName, std::vector<std::uint64_t>> past_;
  std::vector<std::vector<std::uint64_t>> seen_;  // member -> the same, over all it posted or delivered
  std::vector<std::vector<std::set<std::uint64_t>>> delivered_;  // member -> origin -> sequences delivered
  std::map<std::pair<NodeId, MessageName>, TimeUs> delivered_at_;

  void learn(NodeId member, const MessageName& message, const std::vector<std::uint64_t>& past) {
    std::vector<std::uint64_t>& seen = seen_[member];
    for (std::size_t s = 0; s < seen.size(); ++s) seen[s] = std::max(seen[s], past[s]);
    seen[message.origin] = std::max(seen[message.origin], message.sequence);
  }

  void on_post(TimeUs time, NodeId member, const MessageName& message) override {
    past_[message] = seen_[member];
    learn(member, message, seen_[member]);
    delivered_[member][member].insert(message.sequence);  // the sender delivers its own at once
    delivered_at_[{member, message}] = time;
  }

  void on_deliver(TimeUs time, NodeId member, const MessageName& message) override {
    auto found = past_.find(message);
    if (found == past_.end()) {
      report(time, {member}, node_name(member) + " delivered " + describe(message) + ", which was never posted");
      return;
    }
    const std::vector<std::uint64_t>& past = found->second;
    for (NodeId origin = 0; origin < members_; ++origin) {
      const std::set<std::uint64_t>& got = delivered_[member][origin];
      for (std::uint64_t sequence = 1; sequence <= past[origin]; ++sequence) {
        if (got.count(sequence)) continue;
        MessageName earlier{origin, sequence};
        std::string why = origin == message.origin
                              ? "both from " + node_name(origin) + ", posted in that order"
                              : "it was in " + node_name(message.origin) +
                                    "'s causal past (delivered there, directly or through later messages) when " +
                                    node_name(message.origin) + " posted the later one";
        std::vector<NodeId> nodes{member, message.origin, origin};
        std::sort(nodes.begin(), nodes.end());
        nodes.erase(std::unique(nodes.begin(), nodes.end()), nodes.end());
        report(time, std::move(nodes),
               node_name(member) + " delivered " + describe(message) + " at " + format_time_seconds(time) +
                   " before " + describe(earlier) + " (posted at " + format_time_seconds(posted_at(earlier)) +
                   "), which causally precedes it: " + why);
        break;  // the oldest missing one from each member is enough
      }
    }
    if (!delivered_[member][message.origin].insert(message.sequence).second) {
      report(time, {member}, node_name(member) + " delivered " + describe(message) + " twice");
    }
    delivered_at_[{member, message}] = time;
    learn(member, message, past);
  }

  TimeUs posted_at(const MessageName& message) const {
    auto found = delivered_at_.find({message.origin, message});
    return found == delivered_at_.end() ? 0 : found->second;
  }
};

class AllDeliveredChecker final : public MemberRecords {
 public:
  explicit AllDeliveredChecker(std::uint32_t members)
      : MemberRecords(std::string(kCheckAllDelivered), members), delivered_(members) {}

  void finish(const FinalState& final_state) override {
    for (NodeId member = 0; member < members_; ++member) {
      std::size_t missing = 0;
      for (const auto& [message, posted] : posted_) {
        if (message.origin == member || delivered_[member].count(message)) continue;
        if (++missing <= 3) {
          report(final_state.end_us(), {member},
                 node_name(member) + " never delivered " + describe(message) + " (posted at " +
                     format_time_seconds(posted) + ")");
        }
      }
      if (missing > 3) {
        report(final_state.end_us(), {member},
               node_name(member) + " never delivered " + std::to_string(missing - 3) + " more messages");
      }
    }
  }

 private:
  void on_post(TimeUs time, NodeId, const MessageName& message) override { posted_.emplace(message, time); }
  void on_deliver(TimeUs, NodeId member, const MessageName& message) override { delivered_[member].insert(message); }

  std::map<MessageName, TimeUs> posted_;
  std::vector<std::set<MessageName>> delivered_;
};

}  // namespace

std::unique_ptr<Checker> make_causal_delivery_checker(std::uint32_t members) {
  return std::make_unique<CausalDeliveryChecker>(members);
}

std::unique_ptr<Checker> make_all_delivered_checker(std::uint32_t members) {
  return std::make_unique<AllDeliveredChecker>(members);
}

}  // namespace dsim::causal
