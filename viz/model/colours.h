// The visualizer's one colour language: the same colour means the same role, message type or term
// in every view (topology, space-time diagram, Raft logs, legend). Known roles get fixed colours
// from the Okabe-Ito palette (readable with the common colour-vision deficiencies); anything else
// is hashed into a fixed palette, so an unknown type keeps its colour from run to run.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace dsim::viz {

struct Rgba {
  std::uint8_t r = 0;
  std::uint8_t g = 0;
  std::uint8_t b = 0;
  std::uint8_t a = 255;

  // The packed form Dear ImGui's draw lists take (IM_COL32: alpha in the high byte, red low).
  std::uint32_t packed() const {
    return (std::uint32_t{a} << 24) | (std::uint32_t{b} << 16) | (std::uint32_t{g} << 8) | std::uint32_t{r};
  }
  Rgba with_alpha(std::uint8_t alpha) const { return {r, g, b, alpha}; }
  // Mixes towards white by `amount` in 0..1 (replies are lighter shades of their requests).
  Rgba lighter(double amount) const;
  friend bool operator==(const Rgba&, const Rgba&) = default;
};

// FNV-1a: stable across compilers and runs, unlike std::hash.
std::uint32_t stable_hash(std::string_view text);

// The palette unknown names are hashed into; no entry is close to grey, which means "crashed".
const std::vector<Rgba>& categorical_palette();

// "leader", "candidate", "follower", "client", ... Unknown roles hash into the palette.
Rgba role_colour(std::string_view role);
// The colours messages may take: none of them is a role, marker or drop colour, so a moving dot or
// an arrow never reads as a node's role.
const std::vector<Rgba>& message_palette();

// The message types of one run and their colours. "RequestVote" and "RequestVoteReply" form one
// family and share a hue (the reply lighter), so request and answer read as a pair; replies are
// recognised by a "Reply", "Response", "Ok" or "Ack" suffix. Each family starts from a slot hashed
// from its name (so a type keeps its colour from run to run) and, when that slot is taken by a
// family earlier in sorted order, takes the next free one: two families of one run share a colour
// only when there are more families than colours.
class MessageColours {
 public:
  MessageColours() = default;
  explicit MessageColours(const std::vector<std::string>& types);
  // A type not seen at construction gets its hashed slot.
  Rgba of(std::string_view type) const;

 private:
  std::vector<std::pair<std::string, std::size_t>> slots_;  // family -> palette index, sorted
  // Every type given at construction -> its colour, sorted: the views ask once per message per
  // frame (thousands), and working out a type's family each time was a tenth of a busy frame.
  std::vector<std::pair<std::string, Rgba>> known_;
  Rgba of_family(std::string_view type) const;
};
// A Raft term: consecutive terms get clearly different colours; the same term is the same colour
// on every node's log row. Terms have their own colours, never one of the role colours, so a log
// entry of term 2 cannot be mistaken for a leader's or a follower's colour.
Rgba term_colour(std::int64_t term);

namespace colours {
inline constexpr Rgba kCrashed{110, 110, 110, 255};
inline constexpr Rgba kPaused{200, 160, 60, 255};
inline constexpr Rgba kDropped{215, 40, 40, 255};
inline constexpr Rgba kLink{90, 96, 110, 255};
inline constexpr Rgba kCutLink{215, 40, 40, 255};
inline constexpr Rgba kTimer{230, 230, 230, 255};
inline constexpr Rgba kText{235, 235, 235, 255};
inline constexpr Rgba kFaultMarker{215, 40, 40, 255};
inline constexpr Rgba kElectionMarker{230, 159, 0, 255};
inline constexpr Rgba kCheckFailureMarker{255, 0, 200, 255};
inline constexpr Rgba kStoryMarker{120, 180, 255, 255};
// The space-time diagram's causal highlighting (viz/model/causal_cone.h): Okabe-Ito blue and
// orange, told apart by people with any common colour-vision deficiency.
inline constexpr Rgba kCausalPast{86, 180, 233, 255};
inline constexpr Rgba kCausalFuture{230, 159, 0, 255};
inline constexpr Rgba kConcurrent{150, 150, 160, 255};
inline constexpr Rgba kUnknownRole{150, 150, 170, 255};
// An epidemic's states (the gossip panel): infective is the hot, bright one.
inline constexpr Rgba kSusceptible{120, 132, 160, 255};
inline constexpr Rgba kInfective{240, 228, 66, 255};
inline constexpr Rgba kRemoved{0, 158, 115, 255};
// One member's view of another (the membership panel).
inline constexpr Rgba kMemberAlive{0, 158, 115, 255};
inline constexpr Rgba kMemberSuspect{240, 228, 66, 255};
inline constexpr Rgba kMemberDead{213, 94, 0, 255};
inline constexpr Rgba kMemberLeft{86, 180, 233, 255};
inline constexpr Rgba kMemberUnknown{55, 58, 68, 255};
inline constexpr Rgba kDisagreement{255, 0, 200, 255};
}  // namespace colours

}  // namespace dsim::viz
