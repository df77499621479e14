// A member's standing in another member's list and the rules by which news about it replaces what
// was known: SWIM (Das, Gupta and Motivala, DSN 2002) §4.2, "Suspicion": alive, suspect and
// confirmed-dead ("faulty") messages ordered by the member's incarnation number, which only the
// member itself increments (to refute a suspicion). Pure, so the rules are a table test.
#pragma once

#include <cstdint>
#include <string>

#include "sim/core/ids.h"

namespace dsim::swim {

using Incarnation = std::uint64_t;

enum class MemberStatus : std::uint8_t {
  unknown,  // never heard of (not yet joined, as far as this member knows)
  alive,
  suspect,  // failed a probe; dead unless it refutes before the suspicion timeout
  dead,     // confirmed faulty (or, without suspicion, failed one probe)
  left,     // left the group on purpose
};
// One letter per status, as the published view shows it: '-', 'A', 'S', 'D', 'L'.
char status_letter(MemberStatus status);
const char* status_name(MemberStatus status);  // "unknown", "alive", ...

// A piece of news about one member: what SWIM piggybacks on its pings and acks.
struct MemberUpdate {
  NodeId member = kNoNode;
  MemberStatus status = MemberStatus::alive;
  Incarnation incarnation = 0;
  bool operator==(const MemberUpdate&) const = default;
  std::string describe() const;  // "alive n3 #2"
};

// Whether `incoming` replaces what is known of its member (`status` at `incarnation`):
//   alive   replaces alive or suspect of a lower incarnation, and dead or left of a lower one (a
//           member that restarted rejoins with a higher incarnation);
//   suspect replaces alive of the same or a lower incarnation, and suspect of a lower one;
//   dead    replaces alive or suspect of the same or a lower incarnation;
//   left    replaces alive, suspect or dead of the same or a lower incarnation.
// Anything replaces unknown. The paper lets a confirm override alive "of any incarnation"; here a
// dead of an older incarnation does not, so that a refuted or restarted member is not killed by a
// stale confirm still travelling (docs/concepts/failure-detection.md, "Our choices").
bool supersedes(const MemberUpdate& incoming, MemberStatus status, Incarnation incarnation);

}  // namespace dsim::swim
