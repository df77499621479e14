// See service_time.h.
#include "sim/protocols/loadbalance/service_time.h"

#include <algorithm>
#include <cmath>

#include "sim/core/fields.h"

namespace dsim::loadbalance {

DurationUs ServiceTime::draw(Rng& rng, double speed) const {
  double work = 0;
  switch (kind) {
    case Kind::constant: work = static_cast<double>(mean_us); break;
    case Kind::exponential: work = static_cast<double>(rng.exponential(static_cast<double>(mean_us))); break;
    case Kind::uniform: work = static_cast<double>(rng.uniform(low_us, high_us)); break;
    case Kind::lognormal: work = static_cast<double>(rng.lognormal(static_cast<double>(mean_us), sigma)); break;
  }
  return std::max<DurationUs>(1, static_cast<DurationUs>(std::llround(work / speed)));
}

double ServiceTime::mean() const {
  switch (kind) {
    case Kind::constant:
    case Kind::exponential: return static_cast<double>(mean_us);
    case Kind::uniform: return (static_cast<double>(low_us) + static_cast<double>(high_us)) / 2;
    case Kind::lognormal: return static_cast<double>(mean_us) * std::exp(sigma * sigma / 2);
  }
  return static_cast<double>(mean_us);
}

std::string ServiceTime::describe() const {
  switch (kind) {
    case Kind::constant: return "constant " + format_duration(mean_us);
    case Kind::exponential: return "exponential, mean " + format_duration(mean_us);
    case Kind::uniform: return "uniform " + format_duration(low_us) + ".." + format_duration(high_us);
    case Kind::lognormal: return "lognormal, median " + format_duration(mean_us) + ", sigma " + format_double(sigma);
  }
  return "";
}

}  // namespace dsim::loadbalance
