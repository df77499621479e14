// SWIM's checkers (invariants.h). Both follow each member's life from the fault records (crash,
// restart, pause, resume) and each member's published view of the others.
#include "sim/protocols/swim/invariants.h"

#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>

#include <nlohmann/json.hpp>

#include "sim/protocols/swim/view.h"

namespace dsim::swim {
namespace {

// What the faults and the published state say about each member, as the run goes.
class MemberLives {
 public:
  explicit MemberLives(std::size_t members)
      : up_(members, true), crashed_at_(members, 0), paused_since_(members, kTimeNever), left_(members, false),
        in_group_(members, false), incarnation_(members, 0), views_(members) {}

  void on_fault(TimeUs time, const FaultEvent& fault) {
    for (NodeId node : fault.nodes) {
      if (node >= up_.size()) continue;
      if (fault.kind == fault_kind::kCrash) {
        up_[node] = false;
        crashed_at_[node] = time;
      } else if (fault.kind == fault_kind::kRestart) {
        up_[node] = true;
      } else if (fault.kind == fault_kind::kPause) {
        paused_since_[node] = time;
      } else if (fault.kind == fault_kind::kResume) {
        paused_since_[node] = kTimeNever;
      }
    }
  }

  // Returns the member's previous view when `key` is its members view, to compare with the new.
  std::optional<std::string> on_state(NodeId node, std::string_view key, std::string_view value) {
    if (node >= up_.size()) return std::nullopt;
    if (key == view::kStatus.name) {
      left_[node] = value == dsim::view::quoted(view::status::kLeft);
      in_group_[node] = value == dsim::view::quoted(view::status::kMember);
    }
    if (key == view::kIncarnation.name && !value.empty()) incarnation_[node] = std::stoull(std::string(value));
    if (key != view::kMembers.name) return std::nullopt;
    std::string before = views_[node];
    views_[node] = value.empty() ? std::string() : nlohmann::json::parse(value, nullptr, false).get<std::string>();
    return before;
  }

  bool up(NodeId node) const { return up_[node]; }
  TimeUs crashed_at(NodeId node) const { return crashed_at_[node]; }
  TimeUs paused_since(NodeId node) const { return paused_since_[node]; }
  bool left(NodeId node) const { return left_[node]; }
  bool in_group(NodeId node) const { return in_group_[node]; }
  std::uint64_t incarnation(NodeId node) const { return incarnation_[node]; }
  const std::string& view_of(NodeId node) const { return views_[node]; }
  std::size_t size() const { return up_.size(); }

 private:
  std::vector<bool> up_;
  std::vector<TimeUs> crashed_at_;
  std::vector<TimeUs> paused_since_;  // kTimeNever when running
  std::vector<bool> left_;
  std::vector<bool> in_group_;        // its status is "member"
  std::vector<std::uint64_t> incarnation_;
  std::vector<std::string> views_;    // the last published "members" letters
};

char letter_at(const std::string& view, NodeId member) { return member < view.size() ? view[member] : '-'; }

class NoFalseDeadChecker final : public Checker {
 public:
  explicit NoFalseDeadChecker(std::size_t members) : Checker(std::string(kCheckNoFalseDead)), lives_(members) {}

  void on_fault(TimeUs time, const FaultEvent& fault) override { lives_.on_fault(time, fault); }

  void on_state(TimeUs time, NodeId node, std::string_view key, std::string_view value) override {
    std::optional<std::string> before = lives_.on_state(node, key, value);
    if (!before) return;
    const std::string& now = lives_.view_of(node);
    for (NodeId member = 0; member < now.size() && member < lives_.size(); ++member) {
      if (member == node || now[member] != 'D' || letter_at(*before, member) == 'D') continue;
      if (!lives_.up(member) || lives_.left(member)) continue;
      // One report per life of the victim (its incarnation): the rest of the group follows the
      // first declaration by gossip, which is the same mistake.
      if (!reported_.insert({member, lives_.incarnation(member)}).second) continue;
      std::string why = lives_.paused_since(member) != kTimeNever
                            ? " while " + node_name(member) + " was paused (since " +
                                  format_time_seconds(lives_.paused_since(member)) + "): slow, not crashed"
                            : " while " + node_name(member) + " was up and had not left";
      report(time, {node, member},
             node_name(node) + " declared " + node_name(member) + " dead at " + format_time_seconds(time) + why +
                 " (its incarnation " + std::to_string(lives_.incarnation(member)) + ")");
    }
  }

 private:
  MemberLives lives_;
  std::set<std::pair<NodeId, std::uint64_t>> reported_;
};

class CrashDetectedChecker final : public Checker {
 public:
  explicit CrashDetectedChecker(std::size_t members) : Checker(std::string(kCheckCrashDetected)), lives_(members) {}

  void on_fault(TimeUs time, const FaultEvent& fault) override { lives_.on_fault(time, fault); }
  void on_state(TimeUs, NodeId node, std::string_view key, std::string_view value) override {
    lives_.on_state(node, key, value);
  }

  void finish(const FinalState& final_state) override {
    for (NodeId crashed = 0; crashed < lives_.size(); ++crashed) {
      if (lives_.up(crashed)) continue;
      for (NodeId member = 0; member < lives_.size(); ++member) {
        if (member == crashed || !lives_.up(member) || !lives_.in_group(member)) continue;
        // '-': it never learnt of the crashed member (which may never have joined): nothing to detect.
        char seen = letter_at(lives_.view_of(member), crashed);
        if (seen == 'D' || seen == 'L' || seen == '-') continue;
        report(final_state.end_us(), {member, crashed},
               node_name(member) + " still holds " + node_name(crashed) + " as " +
                   (seen == 'S' ? "suspect" : seen == 'A' ? "alive" : "unknown") + " at the end, though " +
                   node_name(crashed) + " crashed at " + format_time_seconds(lives_.crashed_at(crashed)));
      }
    }
  }

 private:
  MemberLives lives_;
};

}  // namespace

std::unique_ptr<Checker> make_no_false_dead_checker(std::size_t members) {
  return std::make_unique<NoFalseDeadChecker>(members);
}

std::unique_ptr<Checker> make_crash_detected_checker(std::size_t members) {
  return std::make_unique<CrashDetectedChecker>(members);
}

}  // namespace dsim::swim
