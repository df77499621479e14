// The choices that define an epidemic in Demers et al., "Epidemic algorithms for replicated
// database maintenance", PODC 1987: anti-entropy (a simple epidemic, §1.3) exchanges everything
// with one random site per cycle, by push, pull or push-pull; rumor mongering (a complex epidemic,
// §1.4) spreads only "hot" updates and loses interest in them, by feedback or blindly, after a
// counter reaches k or by a coin of odds 1/k.
//
// What "a counter reaches k" means here: the counter counts consecutive rounds whose contacts for
// the rumor were all unnecessary (the partner already knew it), and a round with a necessary
// contact resets it. The paper says "lose interest only after k unnecessary contacts"; a counter
// that never resets gives residues of 0.048, 0.016, 0.0055, 0.0020 for k = 2..5 where Table 1
// prints 0.037, 0.011, 0.0036, 0.0012, while the resetting counter reproduces Tables 1 and 3 to
// their printed digits (docs/concepts/gossip.md, "Our choices").
#pragma once

#include <cstdint>
#include <string_view>

namespace dsim::gossip {

// Who carries an update across a connection (§1.3, §1.4 "Push vs. Pull").
enum class Direction : std::uint8_t {
  push,       // the initiator sends what it has
  pull,       // the initiator asks, the partner sends what it has
  push_pull,  // both (anti-entropy only)
};
std::string_view direction_name(Direction direction);  // "push", "pull", "push-pull"

// When a site with a hot rumor counts a contact against it (§1.4 "Blind vs. Feedback").
enum class Interest : std::uint8_t {
  feedback,  // only contacts whose partner already knew the rumor
  blind,     // every contact, whatever the partner knew
};
std::string_view interest_name(Interest interest);  // "feedback", "blind"

// How counted contacts end the site's interest (§1.4 "Counter vs. Coin").
enum class Removal : std::uint8_t {
  counter,  // after k counted rounds in a row (feedback: reset by a necessary contact)
  coin,     // after each counted contact, with probability 1/k
};
std::string_view removal_name(Removal removal);  // "counter", "coin"

// How rumor mongering behaves.
struct RumorRules {
  Direction direction = Direction::push;  // push or pull (push-pull is for anti-entropy)
  Interest interest = Interest::feedback;
  Removal removal = Removal::counter;
  std::uint32_t k = 1;  // the counter's limit, or the coin's odds 1/k; at least 1
};

// One hot rumor's contacts in the round that just ended, as the site saw them.
struct RoundContacts {
  std::uint32_t contacts = 0;     // contacts that carried it (pushes sent, pull requests served)
  std::uint32_t answered = 0;     // of those, how many told us whether the partner knew it (feedback)
  std::uint32_t unnecessary = 0;  // of the answered, how many found the partner already knew it
  std::uint32_t necessary() const { return answered - unnecessary; }
};

// What the loss-of-interest rule decides for one hot rumor at the end of a round, before any coin
// is thrown: the counter's new value, and how many coins of odds 1/k to throw (removed if any
// comes up). A pure function, so that the rules are tested as a table.
struct InterestDecision {
  std::uint32_t counter = 0;  // the new counter value (counter removal only)
  bool removed = false;       // the counter reached k
  std::uint32_t coins = 0;    // coin removal: throws to make
};
InterestDecision decide_interest(const RumorRules& rules, std::uint32_t counter, const RoundContacts& round);

}  // namespace dsim::gossip
