// Reassembling acceptances, promises and decisions from published state (published_paxos.h).
#include "sim/protocols/paxos/published_paxos.h"

#include <algorithm>
#include <charconv>

#include <nlohmann/json.hpp>

#include "sim/protocols/paxos/quorum.h"
#include "sim/protocols/paxos/view.h"

namespace dsim::paxos {

namespace {

std::optional<Slot> slot_of(std::string_view member) {
  Slot slot = 0;
  auto [end, error] = std::from_chars(member.data(), member.data() + member.size(), slot);
  if (error != std::errc() || end != member.data() + member.size() || slot < 1) return std::nullopt;
  return slot;
}

}  // namespace

PaxosStateEvent PublishedPaxos::read(TimeUs time, NodeId node, std::string_view key, std::string_view value_json) {
  PaxosStateEvent event;
  if (value_json.empty()) return event;  // a crash cleared the key: nothing was un-accepted
  if (view::kAccepted.holds(key)) {
    std::optional<Slot> slot = slot_of(view::kAccepted.member(key));
    nlohmann::json parsed = nlohmann::json::parse(value_json, nullptr, false);
    if (!slot || !parsed.is_array() || parsed.size() != 2 || !parsed[0].is_string() || !parsed[1].is_string()) return event;
    std::optional<Ballot> ballot = parse_ballot(parsed[0].get<std::string>());
    if (!ballot) return event;
    std::pair<Ballot, std::string> shown{*ballot, parsed[1].get<std::string>()};
    auto [it, inserted] = shown_accepted_.emplace(std::pair{node, *slot}, shown);
    if (!inserted && it->second == shown) return event;  // republished after a restart
    it->second = shown;
    event.acceptance = PublishedAcceptance{node, *slot, *ballot, shown.second, time};
  } else if (key == view::kPromised.name) {
    nlohmann::json parsed = nlohmann::json::parse(value_json, nullptr, false);
    if (!parsed.is_string()) return event;
    std::optional<Ballot> ballot = parse_ballot(parsed.get<std::string>());
    if (!ballot) return event;
    auto [it, inserted] = shown_promise_.emplace(node, *ballot);
    if (!inserted && it->second == *ballot) return event;
    it->second = *ballot;
    event.promise = PublishedPromise{node, *ballot, time};
  } else if (view::kLearned.holds(key)) {
    std::optional<Slot> slot = slot_of(view::kLearned.member(key));
    nlohmann::json parsed = nlohmann::json::parse(value_json, nullptr, false);
    if (!slot || !parsed.is_string()) return event;
    event.learned = std::pair{*slot, parsed.get<std::string>()};
  }
  return event;
}

ChoiceTracker::ChoiceTracker(std::vector<NodeId> acceptors)
    : acceptors_(std::move(acceptors)), quorum_(majority(acceptors_.size())) {
  std::sort(acceptors_.begin(), acceptors_.end());
}

bool ChoiceTracker::is_acceptor(NodeId node) const {
  return std::binary_search(acceptors_.begin(), acceptors_.end(), node);
}

std::optional<ChoiceTracker::Choice> ChoiceTracker::record(const PublishedAcceptance& acceptance) {
  if (!is_acceptor(acceptance.acceptor)) return std::nullopt;
  Votes& votes = votes_[acceptance.slot][acceptance.ballot];
  if (votes.acceptors.empty()) votes.value = acceptance.value;
  // One value per ballot and slot: a proposer issues one. A second value under the same ballot
  // is a different proposal a broken proposer made; count it apart so it cannot borrow votes.
  if (votes.value != acceptance.value) return std::nullopt;
  if (std::find(votes.acceptors.begin(), votes.acceptors.end(), acceptance.acceptor) != votes.acceptors.end()) {
    return std::nullopt;
  }
  votes.acceptors.push_back(acceptance.acceptor);
  if (votes.acceptors.size() != quorum_) return std::nullopt;
  Choice choice{acceptance.slot, acceptance.ballot, votes.value, votes.acceptors, acceptance.time_us};
  choices_[acceptance.slot].push_back(choice);
  return choice;
}

const std::vector<ChoiceTracker::Choice>& ChoiceTracker::choices(Slot slot) const {
  static const std::vector<Choice> kNone;
  auto found = choices_.find(slot);
  return found == choices_.end() ? kNone : found->second;
}

std::pair<std::vector<NodeId>, Ballot> ChoiceTracker::best_support(Slot slot, const std::string& value) const {
  std::pair<std::vector<NodeId>, Ballot> best;
  auto found = votes_.find(slot);
  if (found == votes_.end()) return best;
  for (const auto& [ballot, votes] : found->second) {
    if (votes.value == value && votes.acceptors.size() > best.first.size()) best = {votes.acceptors, ballot};
  }
  return best;
}

std::string list_names(const std::vector<std::string>& names) {
  std::string text;
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (i > 0) text += i + 1 == names.size() ? " and " : ", ";
    text += names[i];
  }
  return text;
}

}  // namespace dsim::paxos
