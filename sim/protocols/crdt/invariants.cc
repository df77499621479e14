// The convergence checker (invariants.h).
#include "sim/protocols/crdt/invariants.h"

#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "sim/protocols/crdt/text_list.h"
#include "sim/protocols/crdt/view.h"

namespace dsim::crdt {
namespace {

class ConvergedChecker final : public Checker {
 public:
  ConvergedChecker(CrdtType type, std::uint32_t replicas)
      : Checker(std::string(kCheckConverged)), type_(type), replicas_(replicas) {}

  void on_history(const HistoryEvent& event) override {
    auto id = std::make_pair(event.process, event.request_id);
    if (event.kind == HistoryEvent::Kind::invoke) {
      open_[id] = event.op;
      return;
    }
    auto it = open_.find(id);
    if (it == open_.end()) return;
    std::string op = it->second;
    open_.erase(it);
    bool acknowledged = event.kind == HistoryEvent::Kind::ok;
    Tally& tally = acknowledged ? acknowledged_ : unknown_;
    ++tally.ops[op];
    if (op == "add" || op == "remove") tally.elements_touched[op].insert(event.key);
    if (!acknowledged) return;
    if (op == "add") {
      if (auto tagged = parse_tagged(event.value)) live_tags_.insert(*tagged);
    } else if (op == "remove") {
      for (std::string_view item : split_list(event.value, ',')) {
        if (auto tagged = parse_tagged(item)) removed_tags_.insert(*tagged);
      }
    } else if (op == "set") {
      if (auto stamped = parse_stamped(event.value)) {
        if (!greatest_set_ || *stamped > *greatest_set_) greatest_set_ = *stamped;
      }
    }
  }

  void finish(const FinalState& final_state) override {
    // Group the live replicas by the state they end with.
    std::map<std::string, std::vector<NodeId>> by_state;
    for (NodeId replica = 0; replica < replicas_ && replica < final_state.node_count(); ++replica) {
      if (!final_state.alive(replica)) continue;
      auto it = final_state.durable(replica).find(view::kDurableState);
      by_state[it == final_state.durable(replica).end() ? std::string() : it->second].push_back(replica);
    }
    if (by_state.empty()) return;
    if (by_state.size() > 1) {
      std::string message = "the replicas did not converge: at the end (" + format_time_seconds(final_state.end_us()) +
                            ") they hold " + std::to_string(by_state.size()) + " different states:";
      std::vector<NodeId> all;
      for (const auto& [state, nodes] : by_state) {
        std::optional<ReplicaState> decoded = ReplicaState::decode(type_, state);
        message += " " + names(nodes) + " read " + (decoded ? decoded->value_text() : "(unreadable)") + " (state \"" +
                   shortened(state) + "\");";
        all.insert(all.end(), nodes.begin(), nodes.end());
      }
      message.pop_back();
      report(final_state.end_us(), all, std::move(message));
    }
    // Each group's value against the history, so that a wrong value is named even where the
    // replicas also disagree.
    for (const auto& [state, nodes] : by_state) {
      std::optional<ReplicaState> decoded = ReplicaState::decode(type_, state);
      if (!decoded) {
        report(final_state.end_us(), nodes, names(nodes) + " end with a state that does not read back: \"" + shortened(state) + "\"");
        continue;
      }
      std::string wrong = expected_value_mismatch(*decoded);
      if (wrong.empty()) continue;
      std::string who = by_state.size() == 1 ? "every replica (" + names(nodes) + ")" : names(nodes);
      report(final_state.end_us(), nodes, who + " ends reading " + decoded->value_text() + ", but " + wrong);
    }
  }

 private:
  struct Tally {
    std::map<std::string, std::uint64_t> ops;                      // op -> how many
    std::map<std::string, std::set<std::string>> elements_touched; // add/remove -> elements
  };

  std::uint64_t count(const Tally& tally, const std::string& op) const {
    auto it = tally.ops.find(op);
    return it == tally.ops.end() ? 0 : it->second;
  }

  // "" when the value is what the history allows, else why not, in words.
  std::string expected_value_mismatch(const ReplicaState& state) const {
    switch (type_) {
      case CrdtType::g_counter:
      case CrdtType::pn_counter: {
        std::int64_t inc = static_cast<std::int64_t>(count(acknowledged_, "increment"));
        std::int64_t dec = static_cast<std::int64_t>(count(acknowledged_, "decrement"));
        std::int64_t inc_unknown = static_cast<std::int64_t>(count(unknown_, "increment"));
        std::int64_t dec_unknown = static_cast<std::int64_t>(count(unknown_, "decrement"));
        std::int64_t low = inc - dec - dec_unknown;
        std::int64_t high = inc + inc_unknown - dec;
        std::int64_t value = type_ == CrdtType::g_counter ? static_cast<std::int64_t>(state.g_counter.value())
                                                          : state.pn_counter.value();
        if (value >= low && value <= high) return "";
        std::string bound = low == high ? "exactly " + std::to_string(low)
                                        : "between " + std::to_string(low) + " and " + std::to_string(high);
        return "the history allows " + bound + ": " + std::to_string(inc) + " increments and " + std::to_string(dec) +
               " decrements acknowledged, " + std::to_string(inc_unknown + dec_unknown) + " operations of unknown outcome";
      }
      case CrdtType::or_set: {
        std::set<std::string> must_hold, must_lack;
        std::set<std::string> elements;
        for (const TaggedElement& tagged : live_tags_) elements.insert(tagged.element);
        for (const std::string& element : elements) {
          bool live = false;
          for (const TaggedElement& tagged : live_tags_) {
            if (tagged.element == element && !removed_tags_.count(tagged)) live = true;
          }
          if (live && !touched(unknown_, "remove", element)) must_hold.insert(element);
          if (!live && !touched(unknown_, "add", element)) must_lack.insert(element);
        }
        std::set<std::string> held = state.or_set.elements();
        std::string problems;
        for (const std::string& element : must_hold) {
          if (!held.count(element)) problems += (problems.empty() ? "" : "; ") + element + " is missing though an acknowledged add of it was never removed";
        }
        for (const std::string& element : must_lack) {
          if (held.count(element)) problems += (problems.empty() ? "" : "; ") + element + " is present though acknowledged removes took every tag it was acknowledged with";
        }
        return problems;
      }
      case CrdtType::lww_register: {
        if (!greatest_set_) return "";
        const std::optional<Stamped>& held = state.lww_register.current();
        if (held && *held == *greatest_set_) return "";
        // A set of unknown outcome may have won with a later stamp.
        if (held && *held > *greatest_set_ && count(unknown_, "set") > 0) return "";
        return "the acknowledged write with the greatest stamp is " + greatest_set_->to_string();
      }
    }
    return "";
  }

  static bool touched(const Tally& tally, const std::string& op, const std::string& element) {
    auto it = tally.elements_touched.find(op);
    return it != tally.elements_touched.end() && it->second.count(element) > 0;
  }

  // A state as a message shows it: whole when short, else its first characters and its length.
  static std::string shortened(const std::string& state) {
    constexpr std::size_t kShown = 60;
    if (state.size() <= kShown) return state;
    return state.substr(0, kShown) + "... " + std::to_string(state.size()) + " characters";
  }

  std::string names(const std::vector<NodeId>& nodes) const {
    std::string out;
    for (NodeId node : nodes) out += (out.empty() ? "" : ", ") + node_name(node);
    return out;
  }

  CrdtType type_;
  std::uint32_t replicas_;
  std::map<std::pair<NodeId, std::uint64_t>, std::string> open_;  // (client, request) -> op
  Tally acknowledged_;
  Tally unknown_;
  std::set<TaggedElement> live_tags_;     // tags of acknowledged adds
  std::set<TaggedElement> removed_tags_;  // tags acknowledged removes took
  std::optional<Stamped> greatest_set_;   // the acknowledged set with the greatest stamp
};

}  // namespace

std::unique_ptr<Checker> make_converged_checker(CrdtType type, std::uint32_t replicas) {
  return std::make_unique<ConvergedChecker>(type, replicas);
}

}  // namespace dsim::crdt
