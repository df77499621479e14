// The precedence of membership news (membership.h; SWIM §4.2).
#include "sim/protocols/swim/membership.h"

namespace dsim::swim {

char status_letter(MemberStatus status) {
  switch (status) {
    case MemberStatus::unknown: return '-';
    case MemberStatus::alive: return 'A';
    case MemberStatus::suspect: return 'S';
    case MemberStatus::dead: return 'D';
    case MemberStatus::left: return 'L';
  }
  return '-';
}

const char* status_name(MemberStatus status) {
  switch (status) {
    case MemberStatus::unknown: return "unknown";
    case MemberStatus::alive: return "alive";
    case MemberStatus::suspect: return "suspect";
    case MemberStatus::dead: return "dead";
    case MemberStatus::left: return "left";
  }
  return "unknown";
}

std::string MemberUpdate::describe() const {
  return std::string(status_name(status)) + " n" + std::to_string(member) + " #" + std::to_string(incarnation);
}

bool supersedes(const MemberUpdate& incoming, MemberStatus status, Incarnation incarnation) {
  if (status == MemberStatus::unknown) return true;
  switch (incoming.status) {
    case MemberStatus::alive: return incoming.incarnation > incarnation;
    case MemberStatus::suspect:
      if (status == MemberStatus::alive) return incoming.incarnation >= incarnation;
      if (status == MemberStatus::suspect) return incoming.incarnation > incarnation;
      return false;
    case MemberStatus::dead:
      return (status == MemberStatus::alive || status == MemberStatus::suspect) && incoming.incarnation >= incarnation;
    case MemberStatus::left: return status != MemberStatus::left && incoming.incarnation >= incarnation;
    case MemberStatus::unknown: return false;
  }
  return false;
}

}  // namespace dsim::swim
