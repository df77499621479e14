// The up-down counter (pn_counter.h).
#include "sim/protocols/crdt/pn_counter.h"

namespace dsim::crdt {

void PNCounter::merge(const PNCounter& other) {
  increments_.merge(other.increments_);
  decrements_.merge(other.decrements_);
}

void PNCounter::merge_forgetting_decrements(const PNCounter& other) { increments_.merge(other.increments_); }

std::string PNCounter::encode() const { return increments_.encode() + "|" + decrements_.encode(); }

std::optional<PNCounter> PNCounter::decode(std::string_view text) {
  std::size_t bar = text.find('|');
  if (bar == std::string_view::npos) return std::nullopt;
  std::optional<GCounter> increments = GCounter::decode(text.substr(0, bar));
  std::optional<GCounter> decrements = GCounter::decode(text.substr(bar + 1));
  if (!increments || !decrements) return std::nullopt;
  PNCounter counter;
  counter.increments_ = *increments;
  counter.decrements_ = *decrements;
  return counter;
}

}  // namespace dsim::crdt
