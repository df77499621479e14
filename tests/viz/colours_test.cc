// The colour language: fixed colours for the roles every protocol shares, stable colours for names
// it does not know, and replies that read as the lighter twin of their request.

#include <catch2/catch.hpp>

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

TEST_CASE("an unknown role or message type gets the same palette colour every time", "[viz][colours]") {
  // FNV-1a of "a" is 0xe40c292c, known from the algorithm's published test vectors.
  CHECK(stable_hash("a") == 0xe40c292cu);
  CHECK(stable_hash("") == 2166136261u);
  const auto& palette = categorical_palette();
  CHECK(role_colour("observer") == palette[stable_hash("observer") % palette.size()]);
  CHECK(message_type_colour("Gossip") == palette[stable_hash("Gossip") % palette.size()]);
}

TEST_CASE("a reply is a lighter shade of its request's colour", "[viz][colours]") {
  Rgba request = message_type_colour("RequestVote");
  Rgba reply = message_type_colour("RequestVoteReply");
  CHECK(reply == request.lighter(0.45));
  CHECK(reply.r >= request.r);
  CHECK(reply.g >= request.g);
  CHECK(reply.b >= request.b);
  CHECK(message_type_colour("BroadcastOk") == message_type_colour("Broadcast").lighter(0.45));
}

TEST_CASE("neighbouring Raft terms never share a colour", "[viz][colours]") {
  for (std::int64_t term = 0; term < 40; ++term) CHECK_FALSE(term_colour(term) == term_colour(term + 1));
}

TEST_CASE("colours pack in the order Dear ImGui's IM_COL32 uses", "[viz][colours]") {
  CHECK(Rgba{0x11, 0x22, 0x33, 0x44}.packed() == 0x44332211u);
}
