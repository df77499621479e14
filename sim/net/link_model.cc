// Latency distributions of a link: drawing one delay, its mean (the routing weight), and a short
// description for summaries. Every draw comes from the caller's stream and is an integer at once.
#include "sim/net/link_model.h"

#include <algorithm>
#include <cmath>

#include "sim/core/fields.h"

namespace dsim {
namespace {

// A draw below zero would deliver a message before it was sent; min_us may raise the floor.
DurationUs floor_of(const LatencyDistribution& latency) { return std::max<DurationUs>(latency.min_us, 0); }

}  // namespace

DurationUs LatencyDistribution::sample(Rng& rng) const {
  DurationUs drawn = a_us;
  switch (kind) {
    case Kind::constant: drawn = a_us; break;
    case Kind::uniform: drawn = rng.uniform(a_us, b_us); break;
    case Kind::normal: drawn = rng.normal(static_cast<double>(a_us), static_cast<double>(b_us)); break;
    case Kind::exponential: drawn = rng.exponential(static_cast<double>(a_us)); break;
    case Kind::lognormal: drawn = rng.lognormal(static_cast<double>(a_us), sigma); break;
  }
  return std::max(drawn, floor_of(*this));
}

DurationUs LatencyDistribution::mean() const {
  double mean = static_cast<double>(a_us);
  switch (kind) {
    case Kind::constant:
    case Kind::normal:  // the clamp at the floor shifts it a little; routing does not need better
    case Kind::exponential: mean = static_cast<double>(a_us); break;
    case Kind::uniform: mean = (static_cast<double>(a_us) + static_cast<double>(b_us)) / 2.0; break;
    case Kind::lognormal: mean = static_cast<double>(a_us) * std::exp(sigma * sigma / 2.0); break;
  }
  return std::max(static_cast<DurationUs>(std::llround(mean)), floor_of(*this));
}

std::string LatencyDistribution::describe() const {
  std::string text;
  switch (kind) {
    case Kind::constant: text = "constant " + format_duration(a_us); break;
    case Kind::uniform: text = "uniform " + format_duration(a_us) + ".." + format_duration(b_us); break;
    case Kind::normal: text = "normal " + format_duration(a_us) + " sd " + format_duration(b_us); break;
    case Kind::exponential: text = "exponential mean " + format_duration(a_us); break;
    case Kind::lognormal:
      text = "lognormal median " + format_duration(a_us) + " sigma " + format_double(sigma);
      break;
  }
  if (min_us > 0) text += " (at least " + format_duration(min_us) + ")";
  return text;
}

std::string describe_link(const LinkModel& link) {
  std::string text = "latency " + link.latency.describe();
  if (link.loss > 0) text += ", loss " + format_double(link.loss);
  if (link.duplicate > 0) text += ", duplicate " + format_double(link.duplicate);
  if (link.fifo) text += ", fifo";
  if (!link.fifo && link.reorder > 0) {
    text += ", reorder " + format_double(link.reorder) + " by " + format_duration(link.reorder_delay_us);
  }
  return text;
}

}  // namespace dsim
