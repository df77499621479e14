// Names of the reply outcomes, for traces (messages.h).
#include "sim/protocols/cache/messages.h"

namespace dsim::cache {

const char* get_outcome_name(GetOutcome outcome) {
  switch (outcome) {
    case GetOutcome::hit: return "hit";
    case GetOutcome::not_found: return "not-found";
    case GetOutcome::stale: return "stale";
    case GetOutcome::miss: return "miss";
    case GetOutcome::wait: return "wait";
    case GetOutcome::refused: return "refused";
    case GetOutcome::failed: return "failed";
  }
  return "?";
}

}  // namespace dsim::cache
