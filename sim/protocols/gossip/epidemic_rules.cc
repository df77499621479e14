// The loss-of-interest rule of rumor mongering (epidemic_rules.h; Demers et al. 1987, §1.4).
#include "sim/protocols/gossip/epidemic_rules.h"

namespace dsim::gossip {

std::string_view direction_name(Direction direction) {
  switch (direction) {
    case Direction::push: return "push";
    case Direction::pull: return "pull";
    case Direction::push_pull: return "push-pull";
  }
  return "push";
}

std::string_view interest_name(Interest interest) { return interest == Interest::feedback ? "feedback" : "blind"; }

std::string_view removal_name(Removal removal) { return removal == Removal::counter ? "counter" : "coin"; }

InterestDecision decide_interest(const RumorRules& rules, std::uint32_t counter, const RoundContacts& round) {
  InterestDecision decision;
  decision.counter = counter;
  const bool feedback = rules.interest == Interest::feedback;
  // The contacts that count against the rumor: with feedback only the answered ones that found the
  // partner informed; blind, every contact made.
  const std::uint32_t counted = feedback ? round.unnecessary : round.contacts;
  if (rules.removal == Removal::coin) {
    decision.coins = counted;
    return decision;
  }
  if (feedback) {
    // A round that informed someone shows the rumor is still news: start counting again.
    if (round.necessary() > 0) decision.counter = 0;
    else if (counted > 0) decision.counter = counter + 1;
  } else {
    decision.counter = counter + counted;
  }
  decision.removed = decision.counter >= rules.k;
  return decision;
}

}  // namespace dsim::gossip
