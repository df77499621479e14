// The colour language's fixed choices and the hashing that extends it to names it does not know.

#include "viz/model/colours.h"

#include <algorithm>
#include <array>
#include <string>

#include "sim/core/view.h"

namespace dsim::viz {

Rgba Rgba::lighter(double amount) const {
  auto mix = [amount](std::uint8_t channel) {
    return static_cast<std::uint8_t>(channel + (255 - channel) * amount + 0.5);
  };
  return {mix(r), mix(g), mix(b), a};
}

std::uint32_t stable_hash(std::string_view text) {
  std::uint32_t hash = 2166136261u;
  for (char c : text) {
    hash ^= static_cast<std::uint8_t>(c);
    hash *= 16777619u;
  }
  return hash;
}

const std::vector<Rgba>& categorical_palette() {
  // Okabe-Ito without its black and grey, then a few saturated extras for runs with many types.
  static const std::vector<Rgba> palette = {
      {86, 180, 233, 255},  {0, 158, 115, 255},  {240, 228, 66, 255}, {0, 114, 178, 255},
      {213, 94, 0, 255},    {204, 121, 167, 255}, {230, 159, 0, 255},  {140, 86, 220, 255},
      {60, 200, 200, 255},  {170, 220, 80, 255},
  };
  return palette;
}

Rgba role_colour(std::string_view role) {
  if (role == view::role::kLeader) return {230, 159, 0, 255};      // orange: the one that matters
  if (role == view::role::kCandidate) return {86, 180, 233, 255};  // sky blue
  if (role == view::role::kFollower) return {0, 158, 115, 255};    // green
  if (role == view::role::kServer) return {0, 114, 178, 255};      // blue: protocols without roles
  if (role == view::role::kClient) return {204, 121, 167, 255};    // pink
  // Paxos: a proposer at work is a candidate for leadership, an acceptor a follower of ballots, a
  // node that only learns a plain server.
  if (role == view::role::kProposer) return role_colour(view::role::kCandidate);
  if (role == view::role::kAcceptor) return role_colour(view::role::kFollower);
  if (role == view::role::kLearner) return role_colour(view::role::kServer);
  if (role.empty()) return colours::kUnknownRole;
  const auto& palette = categorical_palette();
  return palette[stable_hash(role) % palette.size()];
}

namespace {

// The request a reply answers: "RequestVoteReply" -> "RequestVote". Empty when not a reply.
std::string_view request_of_reply(std::string_view type) {
  for (std::string_view suffix : {"Reply", "Response", "Ok", "Ack"}) {
    if (type.size() > suffix.size() && type.substr(type.size() - suffix.size()) == suffix) {
      return type.substr(0, type.size() - suffix.size());
    }
  }
  return {};
}

}  // namespace

const std::vector<Rgba>& message_palette() {
  // Away from the role colours (orange, sky blue, green, blue, pink), the greys, the paused gold
  // and the drop red; tests/viz/colours_test.cc checks the distances.
  static const std::vector<Rgba> palette = {
      {240, 228, 66, 255},   // yellow
      {150, 95, 230, 255},   // purple
      {60, 200, 200, 255},   // cyan
      {170, 220, 80, 255},   // lime
      {190, 140, 90, 255},   // tan
      {185, 185, 255, 255},  // lavender
      {255, 120, 90, 255},   // coral
  };
  return palette;
}

namespace {

std::string_view family_of(std::string_view type) {
  std::string_view request = request_of_reply(type);
  return request.empty() ? type : request;
}

}  // namespace

MessageColours::MessageColours(const std::vector<std::string>& types) {
  std::vector<std::string> families;
  for (const std::string& type : types) families.emplace_back(family_of(type));
  std::sort(families.begin(), families.end());
  families.erase(std::unique(families.begin(), families.end()), families.end());
  const std::size_t size = message_palette().size();
  std::vector<bool> taken(size, false);
  std::size_t used = 0;
  for (const std::string& family : families) {
    std::size_t slot = stable_hash(family) % size;
    if (used < size) {
      while (taken[slot]) slot = (slot + 1) % size;
      taken[slot] = true;
      ++used;
    }
    slots_.emplace_back(family, slot);
  }
  for (const std::string& type : types) known_.emplace_back(type, of_family(type));
  std::sort(known_.begin(), known_.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  known_.erase(std::unique(known_.begin(), known_.end(), [](const auto& a, const auto& b) { return a.first == b.first; }),
               known_.end());
}

Rgba MessageColours::of(std::string_view type) const {
  auto known = std::lower_bound(known_.begin(), known_.end(), type,
                                [](const auto& entry, std::string_view name) { return entry.first < name; });
  if (known != known_.end() && known->first == type) return known->second;
  return of_family(type);
}

Rgba MessageColours::of_family(std::string_view type) const {
  std::string_view family = family_of(type);
  auto found = std::lower_bound(slots_.begin(), slots_.end(), family,
                                [](const auto& entry, std::string_view name) { return entry.first < name; });
  const auto& palette = message_palette();
  std::size_t slot = found != slots_.end() && found->first == family ? found->second : stable_hash(family) % palette.size();
  Rgba colour = palette[slot];
  return family == type ? colour : colour.lighter(0.45);
}

Rgba term_colour(std::int64_t term) {
  // A family of its own, so that a log entry never reads as a role: every colour here is at least
  // 30 CIELAB units (a clearly different colour) from each role colour, the crashed grey and the
  // marker colours, and neighbouring terms are at least 70 apart (tests/viz/colours_test.cc).
  static constexpr std::array<Rgba, 6> kTermColours = {{
      {150, 120, 255, 255},  // violet
      {220, 240, 90, 255},   // lime
      {255, 150, 120, 255},  // salmon
      {60, 230, 230, 255},   // aqua
      {230, 110, 255, 255},  // orchid
      {90, 225, 90, 255},    // bright green
  }};
  std::uint64_t slot = static_cast<std::uint64_t>(term < 0 ? -term : term);
  return kTermColours[slot % kTermColours.size()];
}

}  // namespace dsim::viz
