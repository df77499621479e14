// The colour language: fixed colours for the roles every protocol shares, stable colours for names
// it does not know, and replies that read as the lighter twin of their request.

#include <catch2/catch.hpp>

#include <array>
#include <cmath>
#include <vector>

#include "viz/model/colours.h"

using namespace dsim::viz;

TEST_CASE("leader, candidate and follower have fixed and distinct colours", "[viz][colours]") {
  Rgba leader = role_colour("leader");
  Rgba candidate = role_colour("candidate");
  Rgba follower = role_colour("follower");
  CHECK(leader == Rgba{230, 159, 0, 255});
  CHECK(candidate == Rgba{86, 180, 233, 255});
  CHECK(follower == Rgba{0, 158, 115, 255});
  CHECK_FALSE(leader == candidate);
  CHECK_FALSE(candidate == follower);
}

TEST_CASE("an unknown role gets the same palette colour every time", "[viz][colours]") {
  // FNV-1a of "a" is 0xe40c292c, known from the algorithm's published test vectors.
  CHECK(stable_hash("a") == 0xe40c292cu);
  CHECK(stable_hash("") == 2166136261u);
  const auto& palette = categorical_palette();
  CHECK(role_colour("observer") == palette[stable_hash("observer") % palette.size()]);
}

TEST_CASE("a message type alone in its run takes the slot hashed from its name", "[viz][colours]") {
  const auto& palette = message_palette();
  CHECK(MessageColours({"Gossip"}).of("Gossip") == palette[stable_hash("Gossip") % palette.size()]);
  // A type the run never sent still gets a colour, the same one.
  CHECK(MessageColours().of("Gossip") == palette[stable_hash("Gossip") % palette.size()]);
}

TEST_CASE("a reply is a lighter shade of its request's colour", "[viz][colours]") {
  MessageColours colours({"RequestVote", "RequestVoteReply", "Broadcast", "BroadcastOk"});
  Rgba request = colours.of("RequestVote");
  Rgba reply = colours.of("RequestVoteReply");
  CHECK(reply == request.lighter(0.45));
  CHECK(reply.r >= request.r);
  CHECK(reply.g >= request.g);
  CHECK(reply.b >= request.b);
  CHECK(colours.of("BroadcastOk") == colours.of("Broadcast").lighter(0.45));
}

TEST_CASE("a type the run listed and one it did not get the colour their family gives", "[viz][colours]") {
  // Listed types are looked up in a table made at construction, others worked out each time: the
  // two ways agree, whatever order the types were listed in.
  MessageColours colours({"Vote", "Prepare", "RequestVoteReply", "RequestVote", "PrepareAck"});
  CHECK(colours.of("RequestVoteAck") == colours.of("RequestVoteReply"));
  CHECK(colours.of("RequestVoteReply") == colours.of("RequestVote").lighter(0.45));
  CHECK(colours.of("PrepareOk") == colours.of("PrepareAck"));
  CHECK(colours.of("VoteResponse") == colours.of("Vote").lighter(0.45));
  CHECK_FALSE(colours.of("Vote") == colours.of("Prepare"));
}

TEST_CASE("the message families of one run never share a colour while the palette lasts", "[viz][colours]") {
  // The two-phase commit's types: with plain hashing "OutcomeQuery" and "Vote" collided.
  std::vector<std::string> types = {"Decision", "DecisionAck", "OutcomeQuery", "Prepare", "ReadReply", "ReadRequest", "Vote"};
  MessageColours colours(types);
  std::vector<std::string> families = {"Decision", "OutcomeQuery", "Prepare", "Read", "ReadRequest", "Vote"};
  for (std::size_t i = 0; i < families.size(); ++i) {
    for (std::size_t j = i + 1; j < families.size(); ++j) {
      INFO(families[i] << " and " << families[j]);
      CHECK_FALSE(colours.of(families[i]) == colours.of(families[j]));
    }
  }
  // Raft's too, and the order the types are listed in does not matter.
  std::vector<std::string> raft = {"RequestVoteReply", "AppendEntries", "ClientRequest", "ClientReply", "InstallSnapshot",
                                   "AppendEntriesReply", "RequestVote", "InstallSnapshotReply"};
  MessageColours forward(raft);
  std::vector<std::string> reversed(raft.rbegin(), raft.rend());
  MessageColours backward(reversed);
  for (const std::string& type : raft) CHECK(forward.of(type) == backward.of(type));
  std::vector<std::string> raft_families = {"AppendEntries", "Client", "ClientRequest", "InstallSnapshot", "RequestVote"};
  for (std::size_t i = 0; i < raft_families.size(); ++i) {
    for (std::size_t j = i + 1; j < raft_families.size(); ++j) CHECK_FALSE(forward.of(raft_families[i]) == forward.of(raft_families[j]));
  }
}

TEST_CASE("neighbouring Raft terms never share a colour", "[viz][colours]") {
  for (std::int64_t term = 0; term < 40; ++term) CHECK_FALSE(term_colour(term) == term_colour(term + 1));
}

TEST_CASE("colours pack in the order Dear ImGui's IM_COL32 uses", "[viz][colours]") {
  CHECK(Rgba{0x11, 0x22, 0x33, 0x44}.packed() == 0x44332211u);
}

namespace {

// CIE 1976 L*a*b* distance between two sRGB colours (D65): about 2.3 is the smallest difference a
// person notices; above 25 two colours are plainly different ones. Worked out here from the
// standard formulas, independently of colours.cc.
double cielab_distance(Rgba first, Rgba second) {
  auto lab = [](Rgba colour) {
    auto linear = [](std::uint8_t channel) {
      double c = channel / 255.0;
      return c <= 0.04045 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4);
    };
    double r = linear(colour.r);
    double g = linear(colour.g);
    double b = linear(colour.b);
    double x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047;
    double y = 0.2126 * r + 0.7152 * g + 0.0722 * b;
    double z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883;
    auto f = [](double t) { return t > 0.008856 ? std::cbrt(t) : 7.787 * t + 16.0 / 116.0; };
    return std::array<double, 3>{116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))};
  };
  auto a = lab(first);
  auto b = lab(second);
  return std::hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);
}

}  // namespace

TEST_CASE("a Raft term's colour is never close to a role's or a marker's colour", "[viz][colours]") {
  std::vector<Rgba> taken = {role_colour("leader"), role_colour("candidate"), role_colour("follower"), role_colour("server"),
                             role_colour("client"), role_colour(""), colours::kCrashed, colours::kPaused,
                             colours::kDropped, colours::kCheckFailureMarker, colours::kStoryMarker};
  for (std::int64_t term = 0; term < 24; ++term) {
    for (Rgba other : taken) {
      INFO("term " << term << " vs (" << int(other.r) << "," << int(other.g) << "," << int(other.b) << ")");
      CHECK(cielab_distance(term_colour(term), other) > 25);
    }
    INFO("terms " << term << " and " << term + 1);
    CHECK(cielab_distance(term_colour(term), term_colour(term + 1)) > 50);
  }
}

TEST_CASE("a message's colour is never close to a role's, a marker's or a drop's", "[viz][colours]") {
  std::vector<Rgba> taken = {role_colour("leader"), role_colour("candidate"), role_colour("follower"), role_colour("server"),
                             role_colour("client"), role_colour(""), colours::kCrashed, colours::kPaused,
                             colours::kDropped, colours::kCheckFailureMarker, colours::kTimer};
  for (Rgba message : message_palette()) {
    for (Rgba other : taken) {
      INFO("message (" << int(message.r) << "," << int(message.g) << "," << int(message.b) << ") vs (" << int(other.r) << ","
                       << int(other.g) << "," << int(other.b) << ")");
      CHECK(cielab_distance(message, other) > 20);
    }
  }
  const auto& palette = message_palette();
  for (std::size_t i = 0; i < palette.size(); ++i) {
    for (std::size_t j = i + 1; j < palette.size(); ++j) CHECK(cielab_distance(palette[i], palette[j]) > 20);
  }
}
